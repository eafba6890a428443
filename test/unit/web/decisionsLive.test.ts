import { describe, expect, it } from 'vitest';
import type { FeedDecision } from '../../../web/src/api/types';
import { arrivalAnnouncement, MAX_SHOWN, withArrivals, withOlder } from '../../../web/src/live/decisionList';
import { reconnectDelay, SseParser } from '../../../web/src/live/sse';
import { describeReason } from '../../../web/src/reasons';

describe('the event stream parser', () => {
  it('reads events cut anywhere, with ids that persist, comments skipped and CRLF or CR line ends', () => {
    const parser = new SseParser();
    const text =
      'retry: 2000\nid: 7\n: decisions after 7\n\n: keep-alive\n\nevent: decisions\nid: 8\ndata: {"a":\ndata: 1}\n\r\nid: 9\r\rdata:x\r\n\r\n';
    const events = [];
    // One character at a time: the worst a network can cut it.
    for (const ch of text) events.push(...parser.push(ch));
    expect(events).toEqual([
      { type: 'decisions', data: '{"a":\n1}', lastEventId: '8' },
      { type: 'message', data: 'x', lastEventId: '9' },
    ]);
    expect(parser.retry).toBe(2000);
    expect(parser.lastEventId).toBe('9');
  });

  it('moves the last id on an event without data, which dispatches nothing', () => {
    const parser = new SseParser();
    expect(parser.push('id: 3\n\nid: 4\n')).toEqual([]);
    expect(parser.lastEventId).toBe('3');
    parser.push('\n');
    expect(parser.lastEventId).toBe('4');
  });

  it('waits for the end of an event before dispatching it', () => {
    const parser = new SseParser();
    expect(parser.push('event: gap\ndata: {}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ type: 'gap', data: '{}', lastEventId: '' }]);
  });
});

describe('reconnecting', () => {
  it('waits longer after each failure, up to 30 s, never all at once (jitter)', () => {
    expect(reconnectDelay(1, () => 1)).toBe(1_000);
    expect(reconnectDelay(2, () => 1)).toBe(2_000);
    expect(reconnectDelay(3, () => 0)).toBe(2_000);
    expect(reconnectDelay(20, () => 1)).toBe(30_000);
  });
});

const d = (id: string, fields: Partial<FeedDecision> = {}): FeedDecision => ({
  id,
  customerId: `c-${id}`,
  messageId: `m-${id}`,
  decision: 'suppressed',
  reason: 'open_case',
  channel: 'email',
  category: 'promotion',
  trigger: 'request',
  decidedAt: '2026-12-04T10:00:00.000Z',
  policyVersion: 1,
  ...fields,
});

describe("the Decisions page's list", () => {
  it('puts arrivals on top, newest first, each once, and stays bounded', () => {
    const { shown, added } = withArrivals([d('b'), d('a')], [d('a'), d('c'), d('d')]);
    expect(shown.map((x) => x.id)).toEqual(['d', 'c', 'b', 'a']);
    expect(added.map((x) => x.id)).toEqual(['c', 'd']);
    const many = Array.from({ length: MAX_SHOWN + 10 }, (_, i) => d(String(i)));
    expect(withArrivals([], many).shown).toHaveLength(MAX_SHOWN);
    expect(withOlder([d('b')], [d('b'), d('a')]).map((x) => x.id)).toEqual(['b', 'a']);
  });

  it('announces arrivals in a sentence a screen reader can say', () => {
    expect(arrivalAnnouncement([], describeReason)).toBe('');
    expect(arrivalAnnouncement([d('a')], describeReason)).toBe(
      'New decision: suppressed for c-a: The customer has an open support case.',
    );
    expect(arrivalAnnouncement([d('a'), d('b', { decision: 'sent', reason: 'ok' })], describeReason)).toBe(
      '2 new decisions. Newest: sent for c-b: Nothing stood in the way.',
    );
  });

  it('says what a reason means, a cap by its name, and an unknown code as it is', () => {
    expect(describeReason('frequency_cap:sms-24h')).toBe('Frequency cap “sms-24h” reached');
    expect(describeReason('quiet_hours')).toBe('Quiet hours where the customer is');
    expect(describeReason('something_new')).toBe('something_new');
  });
});
