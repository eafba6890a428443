import type { IANAZone } from 'luxon';
import { firstInstantAtWallClock, MINUTE_MS, wallClockAt } from '../contact/zonedClock';
import type { EngagementProfile } from './engagementProfile';
import { profileAsOf } from './engagementProfile';
import { explores } from './exploration';
import { HOUR_MS, hourOfWeekAt, zoneOrUtc } from './hourOfWeek';
import { DEFAULT_PRIOR_STRENGTH } from './defaults';
import { hourScores } from './hourScores';
import type { WorkspaceProfile } from './workspaceProfile';

/** `"sendAt": "optimal"` waits at most this long for the customer's best hour (docs/DESIGN.md). */
export const OPTIMAL_WINDOW_MS = 24 * HOUR_MS;

/**
 * Where the message may go: from `from` (now, or its notBefore) until before `until`, which the caller sets
 * to no later than its expiry. A window longer than 24 hours is cut to 24.
 */
export interface SendTimeWindow {
  from: number;
  until: number;
}

/** The learning share: `share` (0..1) of messages go at the requested time, chosen by hashing `seed` (the message id). */
export interface SendTimeExploration {
  share: number;
  seed: string;
}

/**
 * Why the time was chosen: the customer's best hour (`optimal`); the workspace's best hour, for a customer
 * without any history (`no_history`); the requested time, to keep learning (`explore`); or no allowed
 * instant in the window (`none_allowed`: the caller decides as it would without "optimal").
 */
export type SendTimeReason = 'optimal' | 'no_history' | 'explore' | 'none_allowed';

interface SendTimeFacts {
  /** n / (n + k): how much the customer's own hours counted against the workspace's. */
  customerWeight: number;
  /** The customer's decayed human opens and clicks (n). */
  engagements: number;
}

export type SendTimeChoice =
  | (SendTimeFacts & {
      at: number;
      reason: Exclude<SendTimeReason, 'none_allowed'>;
      /** The hour of the week of `at` in the customer's zone (0 = Monday 00:00–00:59). */
      hour: number;
      /** That hour's score: its shrunk share of engagement times 168 (1 is an average hour). */
      score: number;
    })
  | (SendTimeFacts & { at?: undefined; reason: 'none_allowed' });

/**
 * What caps and quiet hours allow: a test of one instant (the hour's start, then its whole minutes are
 * tried), or, exact and cheaper, the first allowed instant in `[from, until)` — what `nextAllowedTime`
 * (domain/contact) computes.
 */
export type AllowedTimes =
  ((at: number) => boolean) | { firstAllowedIn(from: number, until: number): number | undefined };

/** A stretch of real time during which the customer's clock shows one hour. */
interface HourSegment {
  start: number;
  end: number;
  hour: number;
}

/**
 * When a `"sendAt": "optimal"` message goes out: the start of the best-scoring hour in the window (or, when
 * that instant is not allowed, the hour's first allowed minute), the customer's hours shrunk toward the
 * workspace's (hourScores.ts). Equal scores go to the earlier hour, so a customer without history under a
 * uniform workspace profile goes at the first allowed instant. `allowed` says what caps and quiet hours
 * allow (AllowedTimes); nothing outside the window, and nothing it refuses, is ever chosen. Pure and deterministic: the
 * same profile, window and seed give the same instant.
 */
export function chooseSendTime(
  profile: EngagementProfile,
  workspace: WorkspaceProfile,
  window: SendTimeWindow,
  zone: string,
  allowed: AllowedTimes,
  explore: SendTimeExploration,
  now: number,
  priorStrength: number = DEFAULT_PRIOR_STRENGTH,
): SendTimeChoice {
  const current = profileAsOf(profile, now);
  const { scores, customerWeight, engagements } = hourScores(current.hours, workspace.hours, priorStrength);
  const facts: SendTimeFacts = { customerWeight: round(customerWeight), engagements: round(engagements) };
  const segments = hourSegments(
    window.from,
    Math.min(window.until, window.from + OPTIMAL_WINDOW_MS),
    zoneOrUtc(zone),
  );

  const exploring = explores(explore.seed, explore.share);
  const order = exploring
    ? segments
    : [...segments].sort((a, b) => scores[b.hour] - scores[a.hour] || a.start - b.start);
  for (const segment of order) {
    const at = firstAllowedIn(segment, allowed);
    if (at === undefined) continue;
    const reason = exploring ? 'explore' : engagements > 0 ? 'optimal' : 'no_history';
    return { at, reason, hour: segment.hour, score: round(scores[segment.hour]), ...facts };
  }
  return { reason: 'none_allowed', ...facts };
}

/**
 * The window cut where the customer's clock turns to a new hour. On a spring-forward night the skipped hour
 * has no segment; on a fall-back night the repeated hour makes one segment twice as long.
 */
function hourSegments(from: number, until: number, zone: IANAZone): HourSegment[] {
  const segments: HourSegment[] = [];
  for (let start = from; start < until;) {
    const wall = wallClockAt(start, zone);
    const nextHour = firstInstantAtWallClock(Math.floor(wall / HOUR_MS) * HOUR_MS + HOUR_MS, zone);
    // The guard keeps the walk moving forward whatever a zone's rules do.
    const end = Math.min(until, nextHour > start ? nextHour : start + HOUR_MS);
    segments.push({ start, end, hour: hourOfWeekAt(start, zone) });
    start = end;
  }
  return segments;
}

/**
 * The segment's first allowed instant: as `allowed` finds it, or its start if allowed, else its first allowed
 * whole minute. Undefined when it has none.
 */
function firstAllowedIn(segment: HourSegment, allowed: AllowedTimes): number | undefined {
  if (typeof allowed !== 'function') {
    const at = allowed.firstAllowedIn(segment.start, segment.end);
    // Held to the segment whatever the search answers: the window is a promise.
    return at !== undefined && at >= segment.start && at < segment.end ? at : undefined;
  }
  const isAllowedAt = allowed;
  if (isAllowedAt(segment.start)) return segment.start;
  for (
    let at = Math.floor(segment.start / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    at < segment.end;
    at += MINUTE_MS
  ) {
    if (isAllowedAt(at)) return at;
  }
  return undefined;
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
