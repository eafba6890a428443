import { describe, expect, it } from 'vitest';
import { incidentSlackPayload } from '../../../activities/alerts/incidentSlackPayload';
import type { RuleEvaluation } from '../../../domain/alerts/alertRule';
import { pickExamples } from '../../../domain/alerts/incidentExamples';
import { openingMessage, resolvedMessage } from '../../../domain/alerts/incidentMessage';
import type { Incident } from '../../../domain/alerts/incidents';

const thresholds = { negativeBelow: -0.05, positiveAbove: 0.05 };
const spike: Incident = {
  id: 'topic_spike:delay:2026-12-05T04',
  kind: 'topic_spike',
  topic: 'delay',
  openedAt: Date.parse('2026-12-05T04:00:00Z'),
};
const numbers: RuleEvaluation = {
  fires: true,
  value: 15,
  mean: 0.5,
  sd: 1,
  threshold: 2.5,
  mentions: 15,
  window: '6h',
  baseline: '3d',
};

describe('pickExamples', () => {
  const candidates = [
    { eventId: 'e1', occurredAt: 1, topics: [{ name: 'delay', score: -0.4 }] },
    { eventId: 'e2', occurredAt: 2, topics: [{ name: 'delay', score: -0.9 }] },
    { eventId: 'e3', occurredAt: 3, topics: [{ name: 'delay', score: 0.6 }] },
    { eventId: 'e4', occurredAt: 4, topics: [{ name: 'price', score: -0.99 }] },
    { eventId: 'e5', occurredAt: 5, topics: [{ name: 'delay', score: -0.4 }] },
    { eventId: 'e6', occurredAt: 6, topics: [{ name: 'delay', score: -0.2 }] },
    { eventId: 'e7', occurredAt: 7, label: 'negative', score: -0.7 },
  ];

  it('quotes the most negative mentions of the topic, newest first among equals, at most three', () => {
    expect(pickExamples(candidates, 'delay', thresholds)).toEqual([
      { eventId: 'e2', score: -0.9 },
      { eventId: 'e5', score: -0.4 },
      { eventId: 'e1', score: -0.4 },
    ]);
  });

  it('for a drop in NSS, quotes negative events by their own score', () => {
    expect(pickExamples(candidates, undefined, thresholds)).toEqual([{ eventId: 'e7', score: -0.7 }]);
  });
});

describe('messages', () => {
  it('the opening alert names the topic, the numbers, the team and the examples', () => {
    const message = openingMessage(
      spike,
      numbers,
      [{ eventId: 'e2', text: 'Parcel  still\nnot here', score: -0.9 }],
      'logistics',
    );
    expect(message.title).toBe('Spike in negative mentions of "delay" (for logistics)');
    expect(message.text).toContain('15 negative mentions of "delay" in the 6h to 2026-12-05T04:00Z');
    expect(message.text).toContain('averaged 0.5 per 6h (sd 1), threshold 2.5');
    expect(message.text).toContain('> Parcel still not here (score -0.9)');
  });

  it('an NSS drop says the NSS and how many events it is over', () => {
    const message = openingMessage(
      { ...spike, kind: 'nss_drop', topic: undefined },
      { ...numbers, value: -20, mean: 40, threshold: 17.5, mentions: 60 },
      [],
    );
    expect(message.title).toBe('Net sentiment dropped');
    expect(message.text).toBe(
      'NSS -20 over 60 scored events in the 6h to 2026-12-05T04:00Z; the 3d before averaged 40 per 6h (sd 1), threshold 17.5.',
    );
  });

  it('resolved says since when', () => {
    expect(resolvedMessage({ ...spike, closedAt: spike.openedAt + 6 * 3_600_000 })).toEqual({
      title: 'Resolved: negative mentions of "delay"',
      text: "Back within the rule's threshold from 2026-12-05T10:00Z (opened 2026-12-05T04:00Z).",
    });
  });

  it("in Slack format, customers' words cannot become mentions or links, and examples stay quotes", () => {
    const message = openingMessage(spike, numbers, [
      { eventId: 'e', text: '<!channel> <http://x|y>', score: -1 },
    ]);
    const payload = incidentSlackPayload(message, {
      workspace: 'acme',
      kind: 'topic_spike',
      topic: 'delay',
      resolved: false,
    });
    const section = payload.blocks[1];
    expect(section.type === 'section' && section.text.text).toContain(
      '> &lt;!channel&gt; &lt;http://x|y&gt;',
    );
    expect(payload.text).toContain('[ALERT] Spike in negative mentions of "delay"');
    expect(JSON.stringify(payload.blocks[2])).toContain('topic `delay`');
  });
});
