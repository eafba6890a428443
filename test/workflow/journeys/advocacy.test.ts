import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../domain/policy';
import { journeyEvent } from '../support/events';
import { journeyBench } from '../support/journeyBench';

// The policy's own timing: the ask goes two days after the delighted review; the customer then has 7 days.
const settings = defaultPolicy.journeys.advocacy;
const trigger = { channel: 'review', score: 0.9 };
const review = () =>
  journeyEvent('message', {
    channel: 'review',
    text: 'Lovely again!',
    sentiment: { score: 0.8, label: 'positive' },
  });

const bench = journeyBench();

describe('advocacy', () => {
  it('asks two days after the review, and thanks the customer who posts another', async () => {
    const journey = await bench.start('advocacy', { trigger, settings });
    await bench.skip('2d');
    await journey.reached('awaiting_advocacy');

    await journey.hears(review());
    const { outcome } = await journey.end();

    expect(outcome).toEqual({ status: 'completed', reason: 'thanked' });
    expect(journey.sends().map((s) => [s.category, s.content?.template])).toEqual([
      ['advocacy', 'advocacy-ask'],
      ['service', 'advocacy-thank-you'],
    ]);
    expect(journey.hoursAfterStart('advocacy_ask')).toBeCloseTo(48, 1);
  });

  it('gives up quietly when the customer does nothing for a week after the ask', async () => {
    const journey = await bench.start('advocacy', { trigger, settings });

    expect((await journey.end()).outcome).toEqual({ status: 'completed', reason: 'no_action' });
    expect(journey.sends().map((s) => s.category)).toEqual(['advocacy']);
    expect(journey.hoursAfterStart('awaiting_advocacy:timed_out')).toBeCloseTo(48 + 7 * 24, 1);
  });

  it('waits for a scheduled ask to go out before it counts what the customer does', async () => {
    // The ledger holds the ask back (quiet hours, say) until 60 hours after the review.
    const outAt = new Date((await bench.now()) + 60 * 3_600_000).toISOString();
    const journey = await bench.start('advocacy', {
      trigger,
      settings,
      answer: () => ({ decision: 'scheduled', reason: 'quiet_hours', scheduledFor: outAt }),
    });

    expect((await journey.end()).outcome.reason).toBe('no_action');
    // Asked at 48h, out at 60h: the week to act starts then.
    expect(journey.hoursAfterStart('awaiting_advocacy')).toBeCloseTo(60, 1);
  });

  it('is cancelled before the ask by a negative event', async () => {
    const journey = await bench.start('advocacy', { trigger, settings });
    await journey.reached('wait_before_ask');

    await journey.hears(journeyEvent('disruption', { channel: 'ops', properties: { kind: 'delay' } }));
    const { outcome, notice } = await journey.end();

    expect(outcome).toEqual({ status: 'exited', reason: 'disruption' });
    expect(notice.status).toBe('exited');
    expect(journey.sends()).toEqual([]);
  });

  it('stops when the ledger suppresses the ask', async () => {
    const journey = await bench.start('advocacy', {
      trigger,
      settings,
      answer: () => ({ decision: 'suppressed', reason: 'negative_sentiment' }),
    });

    expect((await journey.end()).outcome).toEqual({
      status: 'completed',
      reason: 'ask_suppressed:negative_sentiment',
    });
  });
});
