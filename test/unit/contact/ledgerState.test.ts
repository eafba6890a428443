import { describe, expect, it } from 'vitest';
import {
  applyDecision,
  decideContact,
  pickDueMessages,
  pruneSent,
  redecideAtSendTime,
  settleDecision,
} from '../../../domain/contact';
import { defaultPolicy } from '../../../domain/policy';
import { at, context, DAY, HOUR, request, scheduled, sent } from './fixtures';

const noon = at('2024-06-03T12:00');
const policy = defaultPolicy;

describe('applyDecision', () => {
  it('records a sent message in the sent list, transactional included', () => {
    const req = request({ category: 'transactional' });
    const result = decideContact(context(), req, policy, noon);
    const next = applyDecision(context(), req, result, 'msg-1', noon);
    expect(next.sent).toEqual([
      {
        messageId: 'msg-1',
        requestId: 'req-1',
        channel: 'email',
        category: 'transactional',
        priority: 50,
        sentAt: noon,
      },
    ]);
  });

  it('adds a scheduled message with its time, expiry and request time', () => {
    const req = request({ notBefore: noon + HOUR });
    const next = applyDecision(context(), req, decideContact(context(), req, policy, noon), 'msg-1', noon);
    expect(next.scheduled).toEqual([
      expect.objectContaining({
        messageId: 'msg-1',
        scheduledFor: noon + HOUR,
        expiresAt: noon + HOUR + DAY,
        requestedAt: noon,
      }),
    ]);
  });

  it('removes displaced messages and replaces a re-decided one', () => {
    const low = scheduled({
      scheduledFor: noon + HOUR,
      priority: 10,
      messageId: 'low',
      requestedAt: noon - HOUR,
    });
    const ctx = context({ scheduled: [low], sent: [sent({ sentAt: noon - 2 * HOUR, channel: 'push' })] });
    const result = decideContact(ctx, request({ priority: 90 }), policy, noon);
    expect(result.displaces).toEqual(['low']);
    const next = applyDecision(ctx, request({ priority: 90 }), result, 'msg-1', noon);
    expect(next.scheduled).toEqual([]);
    expect(next.sent).toHaveLength(2);

    const again = redecideAtSendTime(next, low, policy, noon);
    const after = applyDecision(next, low, again, 'low', noon);
    expect(again).toMatchObject({ decision: 'scheduled', reason: 'frequency_cap:marketing-24h' });
    expect(after.scheduled).toEqual([
      expect.objectContaining({ messageId: 'low', requestedAt: low.requestedAt }),
    ]);
  });

  it('a duplicate changes nothing', () => {
    const ctx = context({ sent: [sent({ sentAt: noon - HOUR, requestId: 'req-1' })] });
    const result = decideContact(ctx, request(), policy, noon);
    expect(applyDecision(ctx, request(), result, 'msg-2', noon)).toBe(ctx);
  });

  it('does not change the context it was given', () => {
    const ctx = context();
    const frozen = JSON.stringify(ctx);
    applyDecision(ctx, request(), decideContact(ctx, request(), policy, noon), 'msg-1', noon);
    expect(JSON.stringify(ctx)).toBe(frozen);
  });
});

describe('settleDecision', () => {
  it('decides displaced messages again, cascading down the ranks', () => {
    // One marketing slot left today; a priority-40 message holds it, a priority-20 one waits behind it.
    const sends = [sent({ sentAt: noon - 20 * HOUR, channel: 'push' })];
    const mid = scheduled({
      scheduledFor: noon + HOUR,
      priority: 40,
      messageId: 'mid',
      requestedAt: noon - 3 * HOUR,
    });
    const low = scheduled({
      scheduledFor: noon + 5 * HOUR,
      priority: 20,
      messageId: 'low',
      requestedAt: noon - 2 * HOUR,
    });
    const ctx = context({ sent: sends, scheduled: [mid, low] });
    const vip = request({ priority: 90, id: 'vip', channel: 'push' });
    const result = decideContact(ctx, vip, policy, noon);
    expect(result).toMatchObject({ decision: 'sent', displaces: ['mid'] });

    const settled = settleDecision(ctx, vip, result, 'msg-vip', policy, noon);
    expect(
      settled.redecided.map((r) => [r.message.messageId, r.decision.decision, r.decision.reason]),
    ).toEqual([
      ['mid', 'scheduled', 'frequency_cap:marketing-24h'],
      ['low', 'scheduled', 'lower_priority'],
    ]);
    const times = Object.fromEntries(settled.ctx.scheduled.map((m) => [m.messageId, m.scheduledFor]));
    expect(times.mid).toBe(noon + 4 * HOUR); // the push of yesterday 16:00 leaves the window
    expect(times.low).toBe(at('2024-06-04T12:00')); // then mid and vip fill the window until vip's leaves
  });

  it('is applyDecision when nothing is displaced', () => {
    const result = decideContact(context(), request(), policy, noon);
    expect(settleDecision(context(), request(), result, 'm', policy, noon)).toEqual({
      ctx: applyDecision(context(), request(), result, 'm', noon),
      redecided: [],
    });
  });
});

describe('pickDueMessages', () => {
  it('returns due messages, highest priority first, then the earliest request', () => {
    const a = scheduled({ scheduledFor: noon, priority: 50, messageId: 'a', requestedAt: noon - 2 * HOUR });
    const b = scheduled({ scheduledFor: noon - HOUR, priority: 80, messageId: 'b' });
    const c = scheduled({ scheduledFor: noon, priority: 50, messageId: 'c', requestedAt: noon - 3 * HOUR });
    const later = scheduled({ scheduledFor: noon + 1, priority: 100, messageId: 'later' });
    expect(pickDueMessages(context({ scheduled: [a, b, c, later] }), noon).map((m) => m.messageId)).toEqual([
      'b',
      'c',
      'a',
    ]);
  });
});

describe('pruneSent', () => {
  it('keeps exactly the sends still inside the longest cap window (7 days by default)', () => {
    const inside = sent({ sentAt: noon - 7 * DAY + 1 });
    const outside = sent({ sentAt: noon - 7 * DAY });
    expect(pruneSent([outside, inside], policy, noon)).toEqual([inside]);
  });

  it('pruning never changes a decision', () => {
    const sends = [0.5, 2, 3, 6.9, 7, 8, 9].map((d) => sent({ sentAt: noon - d * DAY, channel: 'push' }));
    const pruned = context({ sent: pruneSent(sends, policy, noon) });
    expect(decideContact(pruned, request(), policy, noon)).toEqual(
      decideContact(context({ sent: sends }), request(), policy, noon),
    );
  });

  it('returns the same list when nothing is old enough', () => {
    const sends = [sent({ sentAt: noon - HOUR })];
    expect(pruneSent(sends, policy, noon)).toBe(sends);
  });
});
