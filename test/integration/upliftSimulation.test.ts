import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE } from '../../api/developmentKey';
import { globalGroup } from '../../domain/holdout';
import { defaultPolicy } from '../../domain/policy';
import { upliftStatistics } from '../../domain/stats';
import type { Harness } from '../support/harness';
import { createHarness, eventually } from '../support/harness';

// A simulated population through the HTTP API (issue #11, "Tests against the real servers"): 2,000 customers,
// 30 % of them in the global control group, each with one visit; then purchases at rates the test sets per
// arm. The uplift report, computed from the counters the customer workflows wrote, must see the difference the
// test made — and must call a difference the test did not make "not significant".

const CUSTOMERS = 2_000;
const BATCH = 100;

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ policyTtlMs: 500 });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const { version: _version, ...body } = defaultPolicy;
const holdout = { ...body.holdout, globalPercent: 30, salt: 'simulation' };
const policy = {
  ...body,
  quietHours: { ...body.quietHours, categories: [] },
  goals: {
    purchase: { event: 'purchase', within: '7d' },
    // A big purchase comes at the same rate in both arms: no difference to find.
    bigPurchase: { event: 'purchase', where: { size: 'big' }, within: '7d' },
  },
  holdout,
};

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

async function postAll(events: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < events.length; i += BATCH) {
    const res = await h.request('POST', '/v1/events', { events: events.slice(i, i + BATCH) });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
  }
}

describe('the uplift report on a simulated population of 2,000 customers', () => {
  it('finds the lift the test made, with an interval that covers it, and no lift where there is none', async () => {
    const put = await h.request('PUT', '/v1/policy', policy);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    await new Promise((r) => setTimeout(r, 1_000));

    const start = Date.now();
    const ids = Array.from({ length: CUSTOMERS }, (_, i) => `sim-${i}`);
    const arms = { treatment: [] as string[], control: [] as string[] };
    for (const id of ids) arms[globalGroup(holdout, DEFAULT_WORKSPACE, id)].push(id);
    // The draw is the customer's, not the test's: about 30 % in control.
    expect(arms.control.length / CUSTOMERS).toBeGreaterThan(0.26);
    expect(arms.control.length / CUSTOMERS).toBeLessThan(0.34);

    // Everyone visits (their entry into the global cohort), ten minutes ago.
    await postAll(
      ids.map((customerId) => ({
        id: `${customerId}-visit`,
        customerId,
        type: 'browse',
        channel: 'web',
        occurredAt: iso(start - 10 * MINUTE),
      })),
    );
    // Then some buy, five minutes ago. Treatment: 10 % big + 20 % small = 30 %; control: 10 % big + 5 % small.
    const buys: Record<string, unknown>[] = [];
    const buy = (customerId: string, size: 'big' | 'small') =>
      buys.push({
        id: `${customerId}-buy`,
        customerId,
        type: 'purchase',
        channel: 'web',
        occurredAt: iso(start - 5 * MINUTE),
        properties: { orderId: `o-${customerId}`, size },
      });
    arms.treatment.forEach((id, k) => {
      if (k % 10 === 0) buy(id, 'big');
      else if (k % 10 <= 2) buy(id, 'small');
    });
    arms.control.forEach((id, k) => {
      if (k % 20 < 2) buy(id, 'big');
      else if (k % 20 === 2) buy(id, 'small');
    });
    await postAll(buys);

    const expected = {
      treatment: countConverted(arms.treatment.length, (k) => k % 10 <= 2),
      control: countConverted(arms.control.length, (k) => k % 20 <= 2),
    };
    const range = `from=${iso(start - 2 * 60 * MINUTE)}&to=${iso(start + 60 * MINUTE)}`;
    const report = await eventually(
      async () => {
        const res = await h.request('GET', `/v1/reports/uplift?scope=global&goal=purchase&${range}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        const { treatment, control } = res.body;
        return treatment.customers === arms.treatment.length &&
          control.customers === arms.control.length &&
          treatment.converted === expected.treatment &&
          control.converted === expected.control
          ? res.body
          : undefined;
      },
      600_000,
      'every customer and purchase counted in the uplift report',
    );

    const statistics = upliftStatistics(
      { customers: arms.treatment.length, converted: expected.treatment },
      { customers: arms.control.length, converted: expected.control },
    );
    expect(report).toMatchObject({ scope: 'global', goal: 'purchase', significant: true });
    expect(report.absoluteLift.value).toBeCloseTo(statistics.absoluteLift.value!, 9);
    expect(report.absoluteLift.ci95[0]).toBeCloseTo(statistics.absoluteLift.ci95![0], 9);
    expect(report.absoluteLift.ci95[1]).toBeCloseTo(statistics.absoluteLift.ci95![1], 9);
    // The difference the test set (30 % − 15 %) lies inside the 95 % interval; zero does not.
    expect(report.absoluteLift.ci95[0]).toBeLessThan(0.15);
    expect(report.absoluteLift.ci95[1]).toBeGreaterThan(0.15);
    expect(report.absoluteLift.ci95[0]).toBeGreaterThan(0);
    expect(report.pValue).toBeLessThan(1e-6);
    expect(report.incrementalConversions).toBeCloseTo(report.absoluteLift.value * arms.treatment.length, 6);

    const same = await h.request('GET', `/v1/reports/uplift?scope=global&goal=bigPurchase&${range}`);
    expect(same.status).toBe(200);
    expect(same.body.treatment).toMatchObject({
      customers: arms.treatment.length,
      converted: countConverted(arms.treatment.length, (k) => k % 10 === 0),
    });
    expect(same.body.control).toMatchObject({
      customers: arms.control.length,
      converted: countConverted(arms.control.length, (k) => k % 20 < 2),
    });
    expect(same.body.significant).toBe(false);
    expect(same.body.pValue).toBeGreaterThan(0.05);
    expect(same.body.absoluteLift.ci95[0]).toBeLessThan(0);
    expect(same.body.absoluteLift.ci95[1]).toBeGreaterThan(0);
  }, 900_000);
});

function countConverted(n: number, converts: (k: number) => boolean): number {
  let converted = 0;
  for (let k = 0; k < n; k++) if (converts(k)) converted++;
  return converted;
}
