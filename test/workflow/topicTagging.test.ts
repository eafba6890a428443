import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../domain/policy';
import { defaultPolicy } from '../../domain/policy';
import { hourBucket } from '../../domain/reports/reportCounters';
import { surveyCounterKey } from '../../domain/surveys/surveyCounterKeys';
import { topicCounterKey } from '../../domain/topics/topicCounters';
import { eventually } from '../support/eventually';
import { customerBench } from './support/customerBench';
import { customerEvent } from './support/events';

// The customer workflow tags what customers say with the policy's topics (through the scoreSentiment
// activity, which reads the taxonomy), on a real Temporal server with the writes kept in memory.

const bench = customerBench();

describe('the customer workflow tags spoken events with topics', () => {
  it('a complaint about a late parcel and a chat on hold: both topics, negative, in the read model, the state and the counters', async () => {
    const customer = await bench.customer({ policy: defaultPolicy });
    const complaint = customerEvent('message', {
      channel: 'chat',
      text: 'third time my parcel is late and your chat just keeps me on hold',
    });
    await customer.sends(complaint);

    const processed = await eventually(
      () => customer.processedEvents().find((e) => e.eventId === complaint.id),
      10_000,
      'the complaint processed',
    );
    expect(processed.label).toBe('negative');
    expect(processed.topics?.map((t) => t.name)).toEqual(['delay', 'customer_service']);
    for (const topic of processed.topics ?? []) expect(topic.score).toBeLessThan(-0.25);

    const state = await customer.state();
    expect(state.negativeTopics?.map((t) => t.name)).toEqual(['delay', 'customer_service']);
    expect(state.openCases[0].topics).toEqual(expect.arrayContaining(['delay', 'customer_service']));

    const bucket = hourBucket(complaint.occurredAt);
    const increments = await eventually(
      () => {
        const all = customer.counterBatches().flatMap((b) => b.increments);
        return all.some((i) => i.key === topicCounterKey.mention('chat', 'delay', 'negative'))
          ? all
          : undefined;
      },
      10_000,
      'the topic counters',
    );
    expect(increments).toEqual(
      expect.arrayContaining([
        { bucket, key: topicCounterKey.scored('chat', 'negative'), by: 1 },
        { bucket, key: topicCounterKey.mention('chat', 'delay', 'negative'), by: 1 },
        { bucket, key: topicCounterKey.mention('chat', 'customer_service', 'negative'), by: 1 },
        { bucket, key: topicCounterKey.event('chat', 'delay', 'negative'), by: 1 },
      ]),
    );
  });

  it("tags with the workspace's own taxonomy, read by the activity: a rating without words has a sentiment but no topics", async () => {
    const policy: PolicyDocument = {
      ...defaultPolicy,
      topics: [{ name: 'seating', any: ['legroom', 'seat'] }],
    };
    const customer = await bench.customer({ policy });
    const review = customerEvent('message', {
      channel: 'review',
      text: 'The legroom was awful. Lovely crew though.',
    });
    const rating = customerEvent('survey', { properties: { kind: 'csat', score: 5 } });
    await customer.sends(review, rating);
    const [tagged, rated] = await eventually(
      () => {
        const events = customer.processedEvents();
        const pair = [review, rating].map((e) => events.find((p) => p.eventId === e.id));
        return pair.every(Boolean) ? pair : undefined;
      },
      10_000,
      'both processed',
    );
    expect(tagged?.topics).toEqual([{ name: 'seating', score: expect.any(Number) as number }]);
    expect(tagged?.topics?.[0].score).toBeLessThan(0);
    expect(rated?.label).toBe('positive');
    expect(rated?.topics).toBeUndefined();

    // The rating is a CSAT answer too: counted for the survey KPIs, under its channel and no journey.
    const satisfied = surveyCounterKey('csat', 'web', '-', 'satisfied');
    const increments = await eventually(
      () => {
        const all = customer.counterBatches().flatMap((b) => b.increments);
        return all.some((i) => i.key === satisfied) ? all : undefined;
      },
      10_000,
      'the survey counted',
    );
    expect(increments.filter((i) => i.key.startsWith('k|'))).toEqual([
      {
        bucket: hourBucket(rating.occurredAt),
        key: surveyCounterKey('csat', 'web', '-', 'responses'),
        by: 1,
      },
      { bucket: hourBucket(rating.occurredAt), key: satisfied, by: 1 },
    ]);
  });
});
