import { IANAZone } from 'luxon';
import { parseClockTime } from '../policy/clockTime';
import type { PolicyInForce, QuietHoursPolicy } from '../policy/policyDocument';
import type { ContactContext } from './types';
import { DAY_MS, firstInstantAtWallClock, MINUTE_MS } from './zonedClock';

export type QuietWindow = Pick<QuietHoursPolicy, 'start' | 'end'>;

/**
 * The zone quiet hours are kept in. An unusable `timezone` trait falls back to the policy's zone rather
 * than failing every decision. (`IANAZone.create` is cached; `isValidZone` would build a new formatter on
 * every call.)
 */
export function customerTimeZone(ctx: Pick<ContactContext, 'timeZone'>, policy: PolicyInForce): string {
  const own = ctx.timeZone;
  return own !== undefined && own !== '' && IANAZone.create(own).isValid
    ? own
    : policy.quietHours.defaultTimeZone;
}

interface QuietPeriod {
  start: number;
  end: number;
}

/**
 * Quiet hours are periods of real time: each local day's period runs from the first instant the customer's
 * clock shows `start` to the first instant it then shows `end` (the next day when the window crosses
 * midnight). So a spring-forward night is an hour shorter, a fall-back night an hour longer, a boundary that
 * falls in a skipped hour moves to the end of the gap, and a repeated hour after `end` does not start a
 * second quiet period.
 */
export function isInQuietHours(at: number, timeZone: string, quietHours: QuietWindow): boolean {
  return quietPeriodAt(at, timeZone, quietHours) !== undefined;
}

/** The earliest instant at or after `at` that is outside quiet hours (`at` itself when it already is). */
export function quietHoursEnd(at: number, timeZone: string, quietHours: QuietWindow): number {
  let free = at;
  for (let period = quietPeriodAt(free, timeZone, quietHours); period;) {
    free = period.end;
    period = quietPeriodAt(free, timeZone, quietHours);
  }
  return free;
}

function quietPeriodAt(at: number, timeZone: string, quietHours: QuietWindow): QuietPeriod | undefined {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new Error(`Unknown time zone ${JSON.stringify(timeZone)}`);
  const startMinute = parseClockTime(quietHours.start);
  const endMinute = parseClockTime(quietHours.end);
  const crossesMidnight = endMinute <= startMinute;

  const offset = zone.offset(at);
  // Most of the year the offset is steady around `at`, and wall-clock times map back with one subtraction.
  const steady = zone.offset(at - 2 * DAY_MS) === offset && zone.offset(at + 2 * DAY_MS) === offset;
  const instantAt = (wallClock: number): number =>
    steady ? wallClock - offset * MINUTE_MS : firstInstantAtWallClock(wallClock, zone);

  const today = Math.floor((at + offset * MINUTE_MS) / DAY_MS);
  // A fall-back at midnight can show the previous date again, so look one day either side.
  for (const day of [today - 1, today, today + 1]) {
    const start = instantAt(day * DAY_MS + startMinute * MINUTE_MS);
    const end = instantAt((crossesMidnight ? day + 1 : day) * DAY_MS + endMinute * MINUTE_MS);
    if (start <= at && at < end) return { start, end };
  }
  return undefined;
}
