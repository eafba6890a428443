import { describe, expect, it } from 'vitest';
import { redecideAtSendTime } from '../../../domain/contact';
import { defaultPolicy } from '../../../domain/policy';
import { at, context, DAY, HOUR, scheduled, sent } from './fixtures';

const eight = at('2024-06-04T08:00');
const policy = defaultPolicy;
const message = scheduled({
  scheduledFor: eight,
  category: 'promotion',
  messageId: 'msg-1',
  requestId: 'req-1',
});

describe('a scheduled message when its timer fires', () => {
  it('goes out when nothing changed', () => {
    expect(redecideAtSendTime(context({ scheduled: [message] }), message, policy, eight)).toMatchObject({
      decision: 'sent',
      reason: 'ok',
    });
  });

  it('is suppressed by a disruption that happened meanwhile', () => {
    const ctx = context({ scheduled: [message], lastDisruptionAt: eight - HOUR });
    expect(redecideAtSendTime(ctx, message, policy, eight)).toMatchObject({
      decision: 'suppressed',
      reason: 'disruption',
    });
  });

  it('is suppressed by an opt-out that happened meanwhile', () => {
    const ctx = context({ scheduled: [message], consent: { email: 'opted_out' } });
    expect(redecideAtSendTime(ctx, message, policy, eight)).toMatchObject({ reason: 'opted_out' });
  });

  it('is suppressed by a case opened meanwhile', () => {
    const ctx = context({ scheduled: [message], openCases: 1 });
    expect(redecideAtSendTime(ctx, message, policy, eight)).toMatchObject({ reason: 'open_case' });
  });

  it('waits again when a higher-priority send used the cap meanwhile', () => {
    const patient = { ...message, expiresAt: eight + 2 * DAY };
    const ctx = context({
      scheduled: [patient],
      sent: [sent({ sentAt: eight - HOUR, category: 'promotion', priority: 90 })],
    });
    const result = redecideAtSendTime(ctx, patient, policy, eight);
    // The slot frees at 07:00 tomorrow, inside quiet hours: 08:00 it is.
    expect(result).toMatchObject({
      decision: 'scheduled',
      reason: 'frequency_cap:email-promotion-24h',
      scheduledFor: eight + DAY,
    });
  });

  it('is suppressed as expired when the slot it waits for falls in quiet hours lasting past its expiry', () => {
    const ctx = context({
      scheduled: [message],
      sent: [sent({ sentAt: eight - HOUR, category: 'promotion' })],
    });
    expect(redecideAtSendTime(ctx, message, policy, eight)).toMatchObject({
      decision: 'suppressed',
      reason: 'expired',
    });
  });

  it('is suppressed as expired once its expiry has passed', () => {
    const late = message.expiresAt;
    expect(redecideAtSendTime(context({ scheduled: [message] }), message, policy, late)).toMatchObject({
      reason: 'expired',
    });
  });

  it('does not count against its own slot', () => {
    const ctx = context({
      scheduled: [message],
      sent: [sent({ sentAt: eight - 2 * HOUR, channel: 'push' })],
    });
    expect(redecideAtSendTime(ctx, message, policy, eight).decision).toBe('sent');
  });

  it('is suppressed with the cap as reason when the cap outlasts its expiry', () => {
    const shortLived = { ...message, expiresAt: eight + 12 * HOUR };
    const ctx = context({
      scheduled: [shortLived],
      sent: [sent({ sentAt: eight - HOUR, category: 'promotion' })],
    });
    const result = redecideAtSendTime(ctx, shortLived, policy, eight);
    expect(result).toMatchObject({ decision: 'suppressed', reason: 'frequency_cap:email-promotion-24h' });
    expect(result.inputs.expiresAt).toBe(shortLived.expiresAt);
  });
});

describe('a scheduled message looked at again before its time', () => {
  it('keeps its time when nothing changed', () => {
    const early = eight - 3 * HOUR;
    expect(redecideAtSendTime(context({ scheduled: [message] }), message, policy, early)).toMatchObject({
      decision: 'scheduled',
      reason: 'not_before',
      scheduledFor: eight,
    });
  });

  it('never moves earlier, even when its slot came free', () => {
    const blocked = { ...message, scheduledFor: eight + 6 * HOUR };
    expect(redecideAtSendTime(context({ scheduled: [blocked] }), blocked, policy, eight)).toMatchObject({
      decision: 'scheduled',
      scheduledFor: eight + 6 * HOUR,
    });
  });

  it('is suppressed at once when an exclusion now holds', () => {
    const ctx = context({ scheduled: [message], openCases: 1 });
    expect(redecideAtSendTime(ctx, message, policy, eight - 3 * HOUR)).toMatchObject({ reason: 'open_case' });
  });
});
