import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../domain/policy';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid } from '../support/harness';

// Holdouts through the HTTP API (docs/DESIGN.md, control groups): a PUT /v1/policy with a holdout, the
// customer's groups in GET /v1/customers/{id}, and what a control customer's contact requests are answered.

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ policyTtlMs: 500 });
});
afterAll(async () => {
  await h?.close();
});

const { version: _version, ...body } = defaultPolicy;
/** Quiet hours over no category: they would depend on when the suite runs. */
const daytime = { ...body, quietHours: { ...body.quietHours, categories: [] } };

async function publish(holdout: typeof body.holdout): Promise<number> {
  const put = await h.request('PUT', '/v1/policy', { ...daytime, holdout });
  expect(put.status).toBe(200);
  expect(put.body.holdout).toEqual(holdout);
  // Workers trust a policy they read for policyTtlMs, customer workflows for 30 s: a new customer reads it now.
  await new Promise((r) => setTimeout(r, 1_000));
  return put.body.version as number;
}

const customerWhen = (customerId: string, ready: (c: any) => boolean) =>
  eventually(async () => {
    const res = await h.request('GET', `/v1/customers/${customerId}`);
    return res.status === 200 && ready(res.body) ? res.body : undefined;
  });

describe('holdouts through the API', () => {
  it('refuses a holdout that is not a percentage, naming the field', async () => {
    const put = await h.request('PUT', '/v1/policy', {
      ...daytime,
      holdout: { ...body.holdout, globalPercent: 150, journeys: { cartRecovery: 'ten' } },
    });
    expect(put.status).toBe(400);
    expect(put.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'holdout.globalPercent', message: expect.stringMatching(/at most 100/) },
        { path: 'holdout.journeys.cartRecovery', message: expect.stringMatching(/percentage/) },
      ]),
    );
  });

  it('puts everyone in a 100% global control group: marketing is held back, a receipt goes out', async () => {
    const version = await publish({ ...body.holdout, globalPercent: 100, journeys: { cartRecovery: 100 } });
    const customerId = `held-${uid()}`;
    await h.request('POST', '/v1/events', {
      events: [{ id: `${customerId}-1`, customerId, type: 'browse', channel: 'web' }],
    });

    const customer = await customerWhen(customerId, (c) => c.counts.events === 1);
    expect(customer.groups).toEqual({ global: 'control', journeys: { cartRecovery: 'control' } });

    const promo = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
      id: 'spring-1',
      channel: 'email',
      category: 'promotion',
    });
    expect(promo.body).toMatchObject({ decision: 'suppressed', reason: 'holdout', policyVersion: version });
    const receipt = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
      id: 'receipt-1',
      channel: 'email',
      category: 'transactional',
    });
    expect(receipt.body).toMatchObject({ decision: 'sent', reason: 'ok' });
  });

  it('puts nobody in control at 0%, and a new salt is a new version that draws again', async () => {
    await publish({ ...body.holdout, globalPercent: 0, salt: 'spring-2026' });
    const customerId = `free-${uid()}`;
    await h.request('POST', '/v1/events', {
      events: [{ id: `${customerId}-1`, customerId, type: 'browse', channel: 'web' }],
    });
    const customer = await customerWhen(customerId, (c) => c.counts.events === 1);
    expect(customer.groups).toEqual({ global: 'treatment', journeys: {} });
    const promo = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
      id: 'spring-1',
      channel: 'email',
      category: 'promotion',
    });
    expect(promo.body).toMatchObject({ decision: 'sent' });
  });
});
