import type { IANAZone } from 'luxon';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/**
 * The zone's wall clock at an instant, as milliseconds since local 1970-01-01 00:00. Local days and times of
 * day are plain arithmetic on this number; it jumps where the zone changes its offset.
 */
export function wallClockAt(at: number, zone: IANAZone): number {
  return at + zone.offset(at) * MINUTE_MS;
}

/**
 * The first instant at which the zone's clock shows `wallClock` or later. A time skipped by a spring-forward
 * gap maps to the end of the gap; a time shown twice on a fall-back night maps to its first showing.
 */
export function firstInstantAtWallClock(wallClock: number, zone: IANAZone): number {
  // The instant lies within a day of the wall-clock number; no zone changes offset twice in two days.
  const offsets = [...new Set([-DAY_MS, 0, DAY_MS].map((shift) => zone.offset(wallClock + shift)))];
  let earliest: number | undefined;
  for (const offset of offsets) {
    const candidate = wallClock - offset * MINUTE_MS;
    if (wallClockAt(candidate, zone) === wallClock && (earliest === undefined || candidate < earliest)) {
      earliest = candidate;
    }
  }
  if (earliest !== undefined) return earliest;
  return endOfGap(wallClock, zone, offsets);
}

/** Searches the skipped hour for the instant the clock jumps past `wallClock`. */
function endOfGap(wallClock: number, zone: IANAZone, offsets: readonly number[]): number {
  let shownEarlier = wallClock - Math.max(...offsets) * MINUTE_MS;
  let shownLater = wallClock - Math.min(...offsets) * MINUTE_MS;
  while (shownLater - shownEarlier > 1) {
    const middle = Math.floor((shownEarlier + shownLater) / 2);
    if (wallClockAt(middle, zone) >= wallClock) shownLater = middle;
    else shownEarlier = middle;
  }
  return shownLater;
}
