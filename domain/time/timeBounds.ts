/**
 * How far after the server's clock an event's `occurredAt` may be. Something that has happened cannot be in
 * the future, but clocks disagree: NTP keeps servers within milliseconds, phones and point-of-sale devices
 * drift by seconds to minutes. Five minutes (Kerberos' default tolerance) takes any honest clock and refuses
 * what would do harm: a disruption dated 9999 would suppress promotions for years, a positive message from
 * the future would stay the customer's latest mood for as long.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * How far ahead a contact request's `notBefore` / `expiresAt` may be: a year, as the policy's longest duration.
 * A scheduled message is carried in the customer's workflow until it is due; "in ten years" is a mistake.
 */
export const MAX_SCHEDULE_AHEAD_MS = 365 * 86_400_000;

/** Whether `time` (ISO 8601) lies more than `maxAheadMs` after `now`. */
export function isTooFarAhead(time: string, now: Date, maxAheadMs: number): boolean {
  return Date.parse(time) > now.getTime() + maxAheadMs;
}

/** A problem message for a time that lies too far ahead, naming the limit and the server's clock. */
export function tooFarAheadMessage(field: string, now: Date, maxAheadMs: number): string {
  const limit =
    maxAheadMs % 86_400_000 === 0 ? `${maxAheadMs / 86_400_000} days` : `${maxAheadMs / 60_000} minutes`;
  return `${field} must be at most ${limit} after the server's clock (now ${now.toISOString()})`;
}
