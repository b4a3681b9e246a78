/**
 * PolicyError: a policy could not be found or loaded, or returned an invalid allocation.
 * The message names the policy (or plug-in file) and says what is wrong. It is bad input from the
 * user's point of view (an unknown name, a broken plug-in); the CLI maps it to exit code 2.
 */
export class PolicyError extends Error {
  override name = 'PolicyError';
  constructor(
    message: string,
    /** The policy name or plug-in path concerned, when there is one. */
    readonly policy?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
