import { validationProblem } from './problem';

/** A `?limit=` query parameter: a whole number in 1..max, or the default when absent. */
export function limitParam(value: unknown, fallback: number, max: number): number {
  // Digits only: Number() would also read "0x10" and "1e2".
  const digits = typeof value === 'string' && /^[0-9]{1,6}$/.test(value);
  const limit = value === undefined ? fallback : digits ? Number(value) : NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw validationProblem('The limit is not valid.', [
      { path: 'limit', message: `must be a whole number from 1 to ${max}` },
    ]);
  }
  return limit;
}
