import { describe, expect, it } from 'vitest';
import { familyOfKey } from '../../../domain/reports/reportCounters';
import {
  asScoredCounters,
  sentimentCounterKey,
  withSentimentCounters,
} from '../../../domain/sentiment/sentimentCounters';
import { topicCounterKey as t } from '../../../domain/topics/topicCounters';

describe('the sentiment counters', () => {
  it('count each scored event again by channel and label, in its own family, and nothing else', () => {
    const batch = [
      { bucket: '2026-03-10T09', key: t.scored('chat', 'negative'), by: 1 },
      { bucket: '2026-03-10T09', key: t.mention('chat', 'delay', 'negative'), by: 1 },
      { bucket: '2026-03-10T09', key: t.event('chat', 'delay', 'negative'), by: 1 },
      { bucket: '2026-03-10T10', key: 'sent', by: 1 },
    ];
    expect(withSentimentCounters(batch)).toEqual([
      ...batch,
      { bucket: '2026-03-10T09', key: sentimentCounterKey('chat', 'negative'), by: 1 },
    ]);
    expect(withSentimentCounters(batch.slice(1))).toEqual(batch.slice(1));
    expect(familyOfKey(sentimentCounterKey('chat', 'negative'))).toBe('s');
  });

  it('read back as the scored counters they twin', () => {
    expect(
      asScoredCounters({
        '2026-03-10T09': {
          [sentimentCounterKey('chat', 'negative')]: 2,
          [sentimentCounterKey('email', 'positive')]: 1,
        },
      }),
    ).toEqual({ '2026-03-10T09': { [t.scored('chat', 'negative')]: 2, [t.scored('email', 'positive')]: 1 } });
  });
});
