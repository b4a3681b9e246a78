/** Parsing of flags shared by several commands; every error names the flag and the bad value. */
import { UserError } from './errors.js';

/** A whole number from 0 to 2^53 − 1 (seeds, counts). */
export function parseWholeNumber(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const text = raw.trim();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) {
    throw new UserError(`${flag} must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got "${raw}"`);
  }
  return n;
}

export function parseChoice<T extends string>(flag: string, raw: string | undefined, choices: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  const value = raw.trim().toLowerCase();
  if (!(choices as readonly string[]).includes(value)) {
    throw new UserError(`${flag} must be one of ${choices.join(', ')}, got "${raw}"`);
  }
  return value as T;
}

export function parseOutPath(raw: string | undefined): string | undefined {
  if (raw !== undefined && raw.trim() === '') throw new UserError('--out must be a file path, got ""');
  return raw;
}
