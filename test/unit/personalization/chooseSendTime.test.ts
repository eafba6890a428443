import { describe, expect, it } from 'vitest';
import { isInQuietHours, nextAllowedTime } from '../../../domain/contact';
import { defaultPolicy } from '../../../domain/policy';
import type { SendTimeChoice } from '../../../domain/personalization';
import {
  chooseSendTime,
  emptyEngagementProfile,
  uniformWorkspaceProfile,
} from '../../../domain/personalization';
import { at, context, DAY, request, sent } from '../contact/fixtures';
import {
  eveningOpener,
  NO_EXPLORE,
  opensAt,
  wallClock as localTime,
  workspacePeakingAt,
} from './sendTimeFixtures';

const PARIS = 'Europe/Paris';
const night = { start: '21:00', end: '08:00' };
const outsideQuietHours = (zone: string) => (when: number) => !isInQuietHours(when, zone, night);
const always = () => true;

function chosenAt(choice: SendTimeChoice): number {
  if (choice.at === undefined) throw new Error(`no time chosen: ${choice.reason}`);
  return choice.at;
}

describe('"sendAt": "optimal"', () => {
  it('sends a customer who always opens at 19:00 local at 19:00', () => {
    const now = at('2024-06-05T10:20', PARIS); // a Wednesday
    const profile = eveningOpener(now, PARIS);
    const choice = chooseSendTime(
      profile,
      workspacePeakingAt(12),
      { from: now, until: now + DAY },
      PARIS,
      outsideQuietHours(PARIS),
      NO_EXPLORE,
      now,
    );
    expect(localTime(chosenAt(choice), PARIS)).toBe('2024-06-05T19:00');
    expect(choice).toMatchObject({ reason: 'optimal', hour: 2 * 24 + 19 });
    expect(choice.customerWeight).toBeGreaterThan(0.75);
    if (choice.at !== undefined) expect(choice.score).toBeGreaterThan(5);
  });

  it('without history, sends at the workspace best hour', () => {
    const now = at('2024-06-05T14:00', PARIS);
    const choice = chooseSendTime(
      emptyEngagementProfile(),
      workspacePeakingAt(12),
      { from: now, until: now + DAY },
      PARIS,
      outsideQuietHours(PARIS),
      NO_EXPLORE,
      now,
    );
    expect(localTime(chosenAt(choice), PARIS)).toBe('2024-06-06T12:00');
    expect(choice).toMatchObject({ reason: 'no_history', customerWeight: 0, engagements: 0 });
  });

  it('without history or workspace data, sends at the first allowed instant', () => {
    const now = at('2024-06-05T22:10', PARIS);
    const choice = chooseSendTime(
      emptyEngagementProfile(),
      uniformWorkspaceProfile(),
      { from: now, until: now + DAY },
      PARIS,
      outsideQuietHours(PARIS),
      NO_EXPLORE,
      now,
    );
    expect(localTime(chosenAt(choice), PARIS)).toBe('2024-06-06T08:00');
  });

  it('leans on the workspace while the customer has little history', () => {
    const now = at('2024-06-05T09:00', PARIS); // Wednesday
    const oneOpen = opensAt([at('2024-06-03T17:00', PARIS)], PARIS); // Monday 17:00
    const choice = chooseSendTime(
      oneOpen,
      workspacePeakingAt(12),
      { from: now, until: now + DAY },
      PARIS,
      always,
      NO_EXPLORE,
      now,
    );
    expect(localTime(chosenAt(choice), PARIS)).toBe('2024-06-05T12:00');
    // One open two days ago, k = 5: n / (n + k) is just under 1/6.
    expect(choice.customerWeight).toBeGreaterThan(0.15);
    expect(choice.customerWeight).toBeLessThan(1 / 6);
  });

  it('never picks the best hour when quiet hours hold it, but the best of the rest', () => {
    const now = at('2024-06-05T09:00', PARIS);
    const lateNight = opensAt(
      Array.from({ length: 20 }, (_, i) => at('2024-06-04T23:30', PARIS) - i * DAY),
      PARIS,
    );
    const eveningToo = opensAt(
      [
        ...Array.from({ length: 20 }, (_, i) => at('2024-06-04T23:30', PARIS) - i * DAY),
        ...Array.from({ length: 5 }, (_, i) => at('2024-06-04T20:15', PARIS) - i * DAY),
      ],
      PARIS,
    );
    for (const profile of [lateNight, eveningToo]) {
      const choice = chooseSendTime(
        profile,
        uniformWorkspaceProfile(),
        { from: now, until: now + DAY },
        PARIS,
        outsideQuietHours(PARIS),
        NO_EXPLORE,
        now,
      );
      expect(isInQuietHours(chosenAt(choice), PARIS, night)).toBe(false);
    }
    const choice = chooseSendTime(
      eveningToo,
      uniformWorkspaceProfile(),
      { from: now, until: now + DAY },
      PARIS,
      outsideQuietHours(PARIS),
      NO_EXPLORE,
      now,
    );
    expect(localTime(chosenAt(choice), PARIS)).toBe('2024-06-05T20:00');
  });

  it('takes the first allowed minute of the best hour when its start is held (a cap freeing at 19:17)', () => {
    const now = at('2024-06-05T10:00', PARIS);
    const capFrees = at('2024-06-05T19:17', PARIS);
    const choice = chooseSendTime(
      eveningOpener(now, PARIS),
      uniformWorkspaceProfile(),
      { from: now, until: now + DAY },
      PARIS,
      (when) => when >= capFrees,
      NO_EXPLORE,
      now,
    );
    expect(localTime(chosenAt(choice), PARIS)).toBe('2024-06-05T19:17');
  });

  it('takes the exact instant a cap frees within the best hour, as nextAllowedTime finds it', () => {
    const now = at('2024-06-05T10:00', PARIS);
    // Two marketing messages yesterday evening fill marketing-24h (2 a day) until 19:10 today.
    const ctx = context({
      timeZone: PARIS,
      sent: [
        sent({ sentAt: at('2024-06-04T19:10', PARIS) }),
        sent({ sentAt: at('2024-06-04T19:25', PARIS) }),
      ],
    });
    const promotion = request({ channel: 'push', category: 'promotion' });
    const choice = chooseSendTime(
      eveningOpener(now, PARIS),
      uniformWorkspaceProfile(),
      { from: now, until: now + DAY },
      PARIS,
      { firstAllowedIn: (from, until) => nextAllowedTime(ctx, promotion, defaultPolicy, from, until) },
      NO_EXPLORE,
      now,
    );
    expect(localTime(chosenAt(choice), PARIS)).toBe('2024-06-05T19:10');
    expect(choice.reason).toBe('optimal');
  });

  it('never goes after the expiry, even when the best hour lies beyond it', () => {
    const now = at('2024-06-05T10:00', PARIS);
    const expiry = at('2024-06-05T18:00', PARIS);
    const choice = chooseSendTime(
      eveningOpener(now, PARIS),
      uniformWorkspaceProfile(),
      { from: now, until: expiry },
      PARIS,
      always,
      NO_EXPLORE,
      now,
    );
    expect(chosenAt(choice)).toBeLessThan(expiry);
    expect(chosenAt(choice)).toBeGreaterThanOrEqual(now);
  });

  it('sends an explored message at the requested time', () => {
    const now = at('2024-06-05T10:20', PARIS);
    const choice = chooseSendTime(
      eveningOpener(now, PARIS),
      uniformWorkspaceProfile(),
      { from: now, until: now + DAY },
      PARIS,
      always,
      { share: 1, seed: 'm-1' },
      now,
    );
    expect(choice).toMatchObject({ at: now, reason: 'explore' });
  });

  it('says so when nothing in the window is allowed', () => {
    const now = at('2024-06-05T10:00', PARIS);
    const choice = chooseSendTime(
      eveningOpener(now, PARIS),
      uniformWorkspaceProfile(),
      { from: now, until: now + DAY },
      PARIS,
      () => false,
      NO_EXPLORE,
      now,
    );
    expect(choice.reason).toBe('none_allowed');
    expect(choice.at).toBeUndefined();
  });

  it('cuts a window longer than 24 hours to 24', () => {
    const now = at('2024-06-05T20:00', PARIS);
    const choice = chooseSendTime(
      eveningOpener(now, PARIS),
      uniformWorkspaceProfile(),
      { from: now, until: now + 3 * DAY },
      PARIS,
      always,
      NO_EXPLORE,
      now,
    );
    expect(chosenAt(choice)).toBeLessThan(now + DAY);
  });
});

describe('"sendAt": "optimal" across daylight-saving changes', () => {
  // Paris: 2024-03-31 02:00 jumps to 03:00; 2024-10-27 03:00 falls back to 02:00.
  const twoAm = (days: readonly string[]) =>
    opensAt(
      days.map((day) => at(`${day}T02:10`, PARIS)),
      PARIS,
    );
  const history = twoAm([
    '2024-03-10',
    '2024-03-17',
    '2024-03-24',
    '2024-03-11',
    '2024-03-12',
    '2024-03-13',
    '2024-03-14',
    '2024-03-15',
    '2024-03-16',
    '2024-03-18',
  ]);

  it('on the spring-forward night, where 02:00 never comes, stays in the window and on an existing hour', () => {
    const now = at('2024-03-30T12:00', PARIS);
    const until = now + DAY;
    const choice = chooseSendTime(
      history,
      uniformWorkspaceProfile(),
      { from: now, until },
      PARIS,
      always,
      NO_EXPLORE,
      now,
    );
    const when = chosenAt(choice);
    expect(when).toBeGreaterThanOrEqual(now);
    expect(when).toBeLessThan(until);
    expect(localTime(when, PARIS)).not.toMatch(/T02:/);
  });

  it('on the fall-back night, goes at the first 02:00 and stays in the window', () => {
    const now = at('2024-10-26T12:00', PARIS);
    const choice = chooseSendTime(
      history,
      uniformWorkspaceProfile(),
      { from: now, until: now + DAY },
      PARIS,
      always,
      NO_EXPLORE,
      now,
    );
    const when = chosenAt(choice);
    expect(localTime(when, PARIS)).toBe('2024-10-27T02:00');
    expect(when).toBe(at('2024-10-27T00:00', 'UTC')); // the first showing: 02:00 CEST
    expect(when).toBeLessThan(now + DAY);
  });
});
