import { describe, expect, it } from 'vitest';
import type { WinBackSettings } from '../../../domain/journeys/winBackRules';
import { journeyEvent } from '../support/events';
import { journeyBench } from '../support/journeyBench';

// Off in the default policy; a brand that turns it on gives it a quiet period such as 60 days.
const settings: WinBackSettings = { enabled: true, quietFor: '60d' };
const trigger = { orderId: 'o-1' };

const bench = journeyBench();

describe('win-back', () => {
  it('makes an offer when the customer has bought nothing for 60 days', async () => {
    const journey = await bench.start('winBack', { trigger, settings });

    const { outcome, notice } = await journey.end();

    expect(outcome).toEqual({ status: 'completed', reason: 'offered' });
    expect(notice.status).toBe('completed');
    expect(journey.sends().map((s) => [s.channel, s.category, s.content])).toEqual([
      ['email', 'promotion', { template: 'win-back', data: { purchases: 1 } }],
    ]);
    expect(journey.hoursAfterStart('win_back_offer') / 24).toBeCloseTo(60, 2);
  });

  it('starts the 60 days again at each purchase', async () => {
    const journey = await bench.start('winBack', { trigger, settings });
    await journey.reached('awaiting_next_purchase');
    await bench.skip('40d');

    await journey.hears(journeyEvent('purchase', { properties: { orderId: 'o-2' } }));
    await journey.end();

    expect(journey.sends()[0].content?.data).toEqual({ purchases: 2 });
    expect(journey.hoursAfterStart('win_back_offer') / 24).toBeCloseTo(100, 1);
  });

  it('reports a suppressed offer as its outcome', async () => {
    const journey = await bench.start('winBack', {
      trigger,
      settings,
      answer: () => ({ decision: 'suppressed', reason: 'opted_out' }),
    });

    expect((await journey.end()).outcome.reason).toBe('offer_suppressed:opted_out');
  });
});
