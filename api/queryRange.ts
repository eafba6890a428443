import { isoDateTime } from '../domain/time/isoDateTime';
import { validationProblem } from './problem';

const DAY_MS = 86_400_000;

/** Without `from`, a metrics or report range starts this many days before its end. */
export const DEFAULT_RANGE_DAYS = 7;

/**
 * Longest range per bucket size: about a quarter of hours (~2,200 points) or two years of days (~730). Beyond
 * that a chart has more points than pixels, and a read covers far more than anyone looks at.
 */
export const MAX_RANGE_DAYS = { hour: 92, day: 731 } as const;

/** `from` and `to` as a query takes them: a date-time with a zone, or a date alone (its start in UTC). */
export const rangeParameters = {
  from: isoDateTime('from', { allowDate: true }).optional(),
  to: isoDateTime('to', { allowDate: true }).optional(),
};

/**
 * [from, to) with its defaults (`to` now, `from` DEFAULT_RANGE_DAYS before it). Throws a 400 naming the field
 * when it is empty or longer than `maxDays` (`what` says for what: "hour buckets", "an uplift report").
 */
export function queryRange(
  query: { from?: string; to?: string },
  now: Date,
  maxDays: number,
  what: string,
): { from: Date; to: Date } {
  const to = query.to !== undefined ? new Date(query.to) : now;
  const from =
    query.from !== undefined ? new Date(query.from) : new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (to.getTime() <= from.getTime()) {
    throw validationProblem('The range is empty.', [{ path: 'to', message: 'must be after from' }]);
  }
  if (to.getTime() - from.getTime() > maxDays * DAY_MS) {
    throw validationProblem(`The range is too long for ${what}.`, [
      { path: 'from', message: `must be at most ${maxDays} days before to for ${what}` },
    ]);
  }
  return { from, to };
}
