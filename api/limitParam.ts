import { validationProblem } from './problem';

/** A `?limit=` query parameter: a whole number in 1..max, or the default when absent. */
export function limitParam(value: unknown, fallback: number, max: number): number {
  const limit = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw validationProblem('The limit is not valid.', [
      { path: 'limit', message: `must be a whole number from 1 to ${max}` },
    ]);
  }
  return limit;
}
