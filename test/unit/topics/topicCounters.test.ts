import { describe, expect, it } from 'vitest';
import type { ProcessedEvent } from '../../../domain/events/processedEvent';
import { counterFamily, familyOfKey, keyParts } from '../../../domain/reports/reportCounters';
import { countTopics, topicCounterKey as t } from '../../../domain/topics/topicCounters';

const thresholds = { negativeBelow: -0.25, positiveAbove: 0.35 };

const event = (fields: Partial<ProcessedEvent>): ProcessedEvent => ({
  eventId: 'e1',
  type: 'message',
  channel: 'chat',
  occurredAt: '2026-03-10T09:59:59.999Z',
  receivedAt: '2026-03-11T12:00:00.000Z',
  ...fields,
});

describe('countTopics', () => {
  it('counts a scored event, and each topic it mentions twice: by its clause and by the whole event', () => {
    const increments = countTopics(
      event({
        score: -0.6,
        label: 'negative',
        topics: [
          { name: 'delay', score: -0.8 },
          // A clause on the threshold is neutral, whatever the event as a whole.
          { name: 'staff', score: 0.35 },
          { name: 'price', score: 0.5 },
        ],
      }),
      thresholds,
    );
    // In the hour the event occurred, not the hour it arrived.
    expect(increments).toEqual(
      [
        t.scored('chat', 'negative'),
        t.mention('chat', 'delay', 'negative'),
        t.event('chat', 'delay', 'negative'),
        t.mention('chat', 'staff', 'neutral'),
        t.event('chat', 'staff', 'negative'),
        t.mention('chat', 'price', 'positive'),
        t.event('chat', 'price', 'negative'),
      ].map((key) => ({ bucket: '2026-03-10T09', key, by: 1 })),
    );
  });

  it('counts a scored event without topics once, and nothing for an event without a sentiment', () => {
    expect(countTopics(event({ type: 'survey', score: 0.9, label: 'positive' }), thresholds)).toEqual([
      { bucket: '2026-03-10T09', key: t.scored('chat', 'positive'), by: 1 },
    ]);
    expect(countTopics(event({ type: 'purchase', channel: 'web' }), thresholds)).toEqual([]);
    expect(countTopics(event({ topics: [{ name: 'delay', score: -1 }] }), thresholds)).toEqual([]);
  });

  it('makes keys of the topics family that read back as their parts', () => {
    const key = t.mention('store', 'lost_or_damaged', 'neutral');
    expect(familyOfKey(key)).toBe(counterFamily.topics);
    expect(keyParts(key)).toEqual(['t', 'mention', 'store', 'lost_or_damaged', 'neutral']);
    expect(keyParts(t.scored('a|b.c', 'positive'))).toEqual(['t', 'scored', 'a|b.c', 'positive']);
    expect(t.scored('a|b.c', 'positive')).not.toContain('.');
  });
});
