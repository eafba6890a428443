import { IANAZone } from 'luxon';
import { DAY_MS, wallClockAt } from '../contact/zonedClock';

/** The hours of a week: Monday 00:00–00:59 local is 0, Sunday 23:00–23:59 is 167. */
export const HOURS_OF_WEEK = 168;
export const HOUR_MS = 3_600_000;

/** 1970-01-01, day 0 of the wall-clock number, was a Thursday: day 3 of a week that starts on Monday. */
const EPOCH_WEEKDAY = 3;

/**
 * The zone habits are read in: the customer's own (the caller resolves it, as `customerTimeZone` does for
 * quiet hours), or UTC when the name is not a zone, so that a bad trait skews one profile instead of
 * failing a workflow.
 */
export function zoneOrUtc(name: string): IANAZone {
  const zone = IANAZone.create(name);
  return zone.isValid ? zone : IANAZone.create('UTC');
}

/** The hour of the week the customer's clock shows at an instant (0 = Monday 00:xx, 167 = Sunday 23:xx). */
export function hourOfWeekAt(at: number, zone: IANAZone): number {
  const wall = wallClockAt(at, zone);
  const day = Math.floor(wall / DAY_MS);
  const weekday = (((day + EPOCH_WEEKDAY) % 7) + 7) % 7;
  const hour = Math.floor((wall - day * DAY_MS) / HOUR_MS);
  return weekday * 24 + hour;
}
