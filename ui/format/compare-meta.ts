/** What every compare output names besides the estimates. */
export interface CompareMeta {
  /** Scenario display name. */
  scenario: string;
  reps: number;
  seed: number;
}
