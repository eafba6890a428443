import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultPolicy } from '../../domain/policy';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid } from '../support/harness';

// The journey README's "Write a journey" walks through: a test of its main path on the real server, with
// the policy turning it on and a wait of seconds instead of 60 days.

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ policyTtlMs: 200 });
  const { version: _version, ...policy } = defaultPolicy;
  const put = await h.request('PUT', '/v1/policy', {
    ...policy,
    quietHours: { ...policy.quietHours, categories: [] },
    journeys: { ...policy.journeys, winBack: { enabled: true, quietFor: '3s' } },
  });
  expect(put.status).toBe(200);
  await new Promise((r) => setTimeout(r, 400));
});
afterAll(async () => {
  await h?.close();
});

it('offers a win-back once the customer has not bought for quietFor, counting every purchase in between', async () => {
  const customerId = `lapsed-${uid()}`;
  const purchase = (n: number) =>
    h.request('POST', '/v1/events', {
      id: `${customerId}-order-${n}`,
      customerId,
      type: 'purchase',
      channel: 'web',
      properties: { orderId: `o-${n}`, amount: 30 },
    });
  await purchase(1);
  await new Promise((r) => setTimeout(r, 1_500));
  await purchase(2); // within quietFor: the clock starts again, still one journey
  const steps = await eventually(
    async () => {
      const res = await h.request('GET', `/v1/customers/${customerId}/timeline`);
      const journey = (res.body.entries as any[]).filter((e) => e.kind === 'journey');
      // Steps are written beside the journey (not in order): wait for its end and the step before it.
      const seen = new Set(journey.map((s) => s.step));
      return seen.has('completed') && seen.has('win_back_offer') ? journey : undefined;
    },
    20_000,
    'the win-back journey to complete',
  );
  expect(new Set(steps.map((s) => s.journeyId))).toEqual(
    new Set([`journey:default:${customerId}:winBack:1`]),
  );
  expect(steps.map((s) => s.step)).toEqual([
    'started',
    'awaiting_next_purchase',
    'awaiting_next_purchase:matched',
    'awaiting_next_purchase',
    'awaiting_next_purchase:timed_out',
    'win_back_offer',
    'completed',
  ]);
  const offer = steps.find((s) => s.step === 'win_back_offer');
  expect(offer.detail).toMatchObject({ channel: 'email', category: 'promotion', decision: 'sent' });
  // The offer went out more than quietFor after the last purchase.
  const lastPurchaseAt = steps.find((s) => s.step === 'awaiting_next_purchase:matched').at as string;
  expect(Date.parse(offer.at) - Date.parse(lastPurchaseAt)).toBeGreaterThanOrEqual(3_000);
});
