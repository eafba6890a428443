import { DateTime } from 'luxon';
import type { EngagementProfile } from '../../../domain/personalization';
import { emptyEngagementProfile, recordEngagement } from '../../../domain/personalization';

/** A profile of human opens at the given instants, in `zone`, each of its own message. */
export function opensAt(instants: readonly number[], zone: string): EngagementProfile {
  return instants.reduce(
    (profile, when, i) =>
      recordEngagement(
        profile,
        'email',
        { messageId: `m-${i}`, action: 'opened', machine: false },
        when,
        zone,
      ),
    emptyEngagementProfile(),
  );
}

/** A workspace whose customers open most at `hour` o'clock every day (ten times any other hour). */
export function workspacePeakingAt(hour: number): { hours: number[]; channels: object } {
  return { hours: Array.from({ length: 168 }, (_, h) => (h % 24 === hour ? 10 : 1)), channels: {} };
}

export const NO_EXPLORE = { share: 0, seed: 'message-1' };

/** The customer's wall clock at an instant, "2024-06-05T19:00". */
export function wallClock(epochMs: number, zone: string): string {
  return DateTime.fromMillis(epochMs, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** Twenty evenings at 19:0x on the twenty days before `now`, every day of the week. */
export function eveningOpener(now: number, zone: string): EngagementProfile {
  const today = DateTime.fromMillis(now, { zone });
  return opensAt(
    Array.from({ length: 20 }, (_, i) =>
      today
        .minus({ days: i + 1 })
        .set({ hour: 19, minute: i % 10, second: 0, millisecond: 0 })
        .toMillis(),
    ),
    zone,
  );
}
