import { describe, expect, it } from 'vitest';
import { capCovers, nextAllowedTime } from '../../../domain/contact';
import { defaultPolicy } from '../../../domain/policy';
import type { CapPolicy } from '../../../domain/policy';
import { at, context, DAY, HOUR, request, scheduled, sent } from './fixtures';

const noon = at('2024-06-03T12:00');
const policy = defaultPolicy;

describe('nextAllowedTime', () => {
  it('is `from` when nothing blocks', () => {
    expect(nextAllowedTime(context(), request(), policy, noon)).toBe(noon);
  });

  it('is when the oldest counted send leaves the rolling window', () => {
    const sends = [sent({ sentAt: noon - 23 * HOUR }), sent({ sentAt: noon - 22 * HOUR })];
    expect(nextAllowedTime(context({ sent: sends }), request(), policy, noon)).toBe(noon + HOUR);
  });

  it('counts scheduled messages of higher or equal priority as occupying slots, lower ones not', () => {
    // Sending now leaves room in the window ending now, not in the one ending at the other message's time.
    const sends = [sent({ sentAt: noon - 20 * HOUR })];
    const other = (priority: number) =>
      scheduled({ scheduledFor: noon + 2 * HOUR, priority, channel: 'push', requestedAt: noon - HOUR });
    expect(nextAllowedTime(context({ sent: sends, scheduled: [other(10)] }), request(), policy, noon)).toBe(
      noon,
    );
    expect(nextAllowedTime(context({ sent: sends, scheduled: [other(50)] }), request(), policy, noon)).toBe(
      noon + 4 * HOUR,
    );
    expect(nextAllowedTime(context({ sent: sends, scheduled: [other(90)] }), request(), policy, noon)).toBe(
      noon + 4 * HOUR,
    );
  });

  it('respects quiet hours and notBefore', () => {
    expect(nextAllowedTime(context(), request({ notBefore: at('2024-06-03T22:00') }), policy, noon)).toBe(
      at('2024-06-04T08:00'),
    );
  });

  it('is undefined when nothing frees up before expiry (or the given horizon)', () => {
    const sends = [sent({ sentAt: noon - HOUR, category: 'promotion' })];
    expect(
      nextAllowedTime(context({ sent: sends }), request({ expiresAt: noon + 2 * HOUR }), policy, noon),
    ).toBeUndefined();
    expect(nextAllowedTime(context({ sent: sends }), request(), policy, noon, noon + HOUR)).toBeUndefined();
    expect(nextAllowedTime(context({ sent: sends }), request(), policy, noon, noon + 2 * DAY)).toBe(
      noon + 23 * HOUR,
    );
  });
});

describe('capCovers', () => {
  const capOf = (partial: Partial<CapPolicy>): CapPolicy => ({
    name: 'c',
    limit: 1,
    window: '1d',
    ...partial,
  });

  it('without channels covers every channel; without categories, every marketing category', () => {
    const cap = capOf({});
    expect(capCovers(cap, 'webhook', 'survey')).toBe(true);
    expect(capCovers(cap, 'sms', 'promotion')).toBe(true);
    expect(capCovers(cap, 'sms', 'service')).toBe(false);
    expect(capCovers(cap, 'sms', 'transactional')).toBe(false);
  });

  it('covers service only when it names it, and transactional never', () => {
    expect(capCovers(capOf({ categories: ['service'] }), 'email', 'service')).toBe(true);
    expect(capCovers(capOf({ categories: ['transactional'] }), 'email', 'transactional')).toBe(false);
  });

  it('limits to the channels it names', () => {
    expect(capCovers(capOf({ channels: ['sms'] }), 'email', 'promotion')).toBe(false);
  });
});
