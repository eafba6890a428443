import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../domain/policy';
import { counterKey as k } from '../../domain/reports/reportCounters';
import type { CounterTotals } from '../../domain/reports/reportCounters';
import { upliftStatistics } from '../../domain/stats';
import { writeCounterTotals } from '../support/counterTotals';
import type { Harness } from '../support/harness';
import { apiKeyFor, bearer, createHarness, uid } from '../support/harness';

/**
 * The report routes (api/routes/reports.ts) over counters written through storage's own write path: the
 * totals are synthetic, so every number can be checked by hand. The workflow's counting is tested where it
 * is built, and end to end in journeyFunnel.test.ts and upliftSimulation.test.ts.
 */

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await writeCounterTotals(h.storage.models, 'default', TOTALS);
});
afterAll(async () => {
  await h?.close();
});

const J = 'cartRecovery';
const scope = `journey:${J}` as const;

/** Treatment 2000 runs / 300 converted, control 200 / 20 (cartRecovery, purchase); decisions; a funnel. */
const TOTALS: CounterTotals = {
  '2026-03-10T09': {
    [k.cohortEntered(scope, 'purchase', 'treatment')]: 1500,
    [k.cohortConverted(scope, 'purchase', 'treatment')]: 200,
    [k.cohortEntered(scope, 'purchase', 'control')]: 200,
    [k.cohortEntered('global', 'purchase', 'treatment')]: 10,
    [k.cohortConverted('global', 'purchase', 'treatment')]: 1,
    [k.funnelEntered(J, 'treatment')]: 30,
    [k.funnelEntered(J, 'control')]: 3,
    [k.funnelStep(J, 'treatment', 'firstReminder', 'reached')]: 25,
    [k.funnelStep(J, 'treatment', 'firstReminder', 'sent')]: 20,
    [k.funnelStep(J, 'treatment', 'firstReminder', 'suppressed')]: 5,
    [k.funnelStep(J, 'treatment', 'firstReminder', 'converted')]: 4,
    [k.funnelStep(J, 'treatment', 'secondChannel', 'reached')]: 12,
    [k.funnelConverted(J, 'treatment')]: 6,
    [k.funnelExit(J, 'treatment', 'purchased')]: 6,
    [k.funnelExit(J, 'treatment', 'completed')]: 20,
    [k.sent()]: 5,
    [k.sentByChannel('email')]: 5,
    [k.sentByCategory('reminder')]: 5,
    [k.suppressed('holdout')]: 2,
    [k.suppressedByChannel('email')]: 2,
    [k.suppressedByCategory('reminder')]: 2,
  },
  '2026-03-11T23': {
    [k.cohortEntered(scope, 'purchase', 'treatment')]: 500,
    [k.cohortConverted(scope, 'purchase', 'treatment')]: 100,
    [k.cohortConverted(scope, 'purchase', 'control')]: 20,
    [k.scheduled()]: 1,
    [k.scheduledByChannel('sms')]: 1,
    [k.scheduledByCategory('promotion')]: 1,
  },
  '2026-03-10': { [k.marketingPerCustomer(1)]: 3, [k.marketingPerCustomer(2)]: 1 },
};

const RANGE = 'from=2026-03-10T09:30:00Z&to=2026-03-11T23:10:00%2B00:00';
const ROUNDED = { from: '2026-03-10T09:00:00.000Z', to: '2026-03-12T00:00:00.000Z' };

/** The 400's field paths. */
async function refused(path: string): Promise<string[]> {
  const res = await h.request('GET', path);
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.type).toBe('urn:tutti:problem:validation');
  return (res.body.errors as { path: string }[]).map((e) => e.path);
}

describe('GET /v1/reports/uplift', () => {
  it("answers upliftStatistics of the arms' sums, on the journey's goal, over the range rounded out to hours", async () => {
    const res = await h.request('GET', `/v1/reports/uplift?scope=${scope}&${RANGE}`);
    expect(res.status).toBe(200);
    const stats = upliftStatistics({ customers: 2000, converted: 300 }, { customers: 200, converted: 20 });
    expect(res.body).toEqual({
      scope,
      goal: 'purchase',
      ...ROUNDED,
      treatment: { customers: 2000, converted: 300, rate: 0.15 },
      control: { customers: 200, converted: 20, rate: 0.1 },
      absoluteLift: { value: stats.absoluteLift.value, ci95: stats.absoluteLift.ci95 },
      relativeLift: { value: stats.relativeLift.value, ci95: stats.relativeLift.ci95 },
      pValue: stats.pValue,
      incrementalConversions: stats.incrementalConversions,
      significant: false,
    });
    // By hand (docs/REPORTS.md): 15 % − 10 % = 5 points, 100 extra conversions, p ≈ 0.056, interval −0.16 to +8.8 points.
    expect(res.body.absoluteLift.value).toBeCloseTo(0.05, 12);
    expect(res.body.incrementalConversions).toBeCloseTo(100, 9);
    expect(res.body.pValue).toBeCloseTo(0.0558, 4);
    expect(res.body.absoluteLift.ci95[0]).toBeCloseTo(-0.0016, 4);
    expect(res.body.absoluteLift.ci95[1]).toBeCloseTo(0.088, 3);
  });

  it('defaults to the global scope and the policy’s first goal; an empty arm gives nulls', async () => {
    const res = await h.request('GET', `/v1/reports/uplift?${RANGE}&goal=purchase`);
    expect(res.body).toMatchObject({
      scope: 'global',
      goal: 'purchase',
      treatment: { customers: 10, converted: 1, rate: 0.1 },
      control: { customers: 0, converted: 0, rate: null },
      absoluteLift: { value: null, ci95: null },
      pValue: null,
      significant: false,
    });
    expect((await h.request('GET', `/v1/reports/uplift?${RANGE}`)).body.goal).toBe('purchase');
  });

  it('answers zeros for a campaign or a known journey without entries', async () => {
    for (const s of ['campaign:spring-sale', 'journey:winBack']) {
      const res = await h.request('GET', `/v1/reports/uplift?scope=${s}&${RANGE}`);
      expect(res.status).toBe(200);
      expect(res.body.treatment).toEqual({ customers: 0, converted: 0, rate: null });
    }
  });

  it('takes the last 7 days by default, rounded out to whole hours', async () => {
    const before = Date.now();
    const res = await h.request('GET', '/v1/reports/uplift');
    expect(res.status).toBe(200);
    const from = Date.parse(res.body.from);
    const to = Date.parse(res.body.to);
    expect(from % 3_600_000).toBe(0);
    expect(to % 3_600_000).toBe(0);
    expect(to).toBeGreaterThanOrEqual(before);
    expect([7 * 24, 7 * 24 + 1]).toContain((to - from) / 3_600_000);
  });

  it('refuses a bad scope, goal, date or range with 400 naming the field', async () => {
    expect(await refused('/v1/reports/uplift?scope=journeys:x')).toEqual(['scope']);
    expect(await refused('/v1/reports/uplift?scope=journey:')).toEqual(['scope']);
    expect(await refused(`/v1/reports/uplift?scope=campaign:${'x'.repeat(129)}`)).toEqual(['scope']);
    expect(await refused('/v1/reports/uplift?scope=journey:noSuchJourney')).toEqual(['scope']);
    expect(await refused('/v1/reports/uplift?goal=signup')).toEqual(['goal']);
    expect(await refused('/v1/reports/uplift?from=yesterday')).toEqual(['from']);
    expect(await refused('/v1/reports/uplift?to=2026-03-10T09:00:00')).toEqual(['to']);
    expect(await refused('/v1/reports/uplift?from=2026-03-10&to=2026-03-10')).toEqual(['to']);
    expect(await refused('/v1/reports/uplift?from=2024-01-01&to=2026-01-02')).toEqual(['from']);
  });

  it('takes a goal and a journey the workspace’s policy adds', async () => {
    const workspace = `ws-${uid()}`;
    const admin = await apiKeyFor(h, workspace, 'admin');
    const { version: _version, ...body } = structuredClone(defaultPolicy) as any;
    body.goals.signup = { event: 'identify', within: '3d' };
    body.journeys.cartRecovery.goal = 'signup';
    body.journeys.vipWelcome = { enabled: false };
    const put = await h.request('PUT', '/v1/policy', body, bearer(admin));
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const journeyGoal = await h.request('GET', `/v1/reports/uplift?scope=${scope}`, undefined, bearer(admin));
    expect(journeyGoal.body.goal).toBe('signup');
    const custom = await h.request(
      'GET',
      '/v1/reports/uplift?scope=journey:vipWelcome',
      undefined,
      bearer(admin),
    );
    expect(custom.status).toBe(200);
    expect(custom.body.goal).toBe('purchase');
    // Another workspace's counters are not this one's: it has none.
    expect(journeyGoal.body.treatment).toEqual({ customers: 0, converted: 0, rate: null });
  });

  it('is read with a member key, not an ingest key', async () => {
    const member = await apiKeyFor(h, 'default', 'member');
    expect((await h.request('GET', '/v1/reports/uplift', undefined, bearer(member))).status).toBe(200);
    const ingest = await apiKeyFor(h, 'default', 'ingest');
    const res = await h.request('GET', '/v1/reports/uplift', undefined, bearer(ingest));
    expect(res.status).toBe(403);
    expect(res.body.requiredRole).toBe('member');
  });
});

describe('GET /v1/reports/journeys/{name}/funnel', () => {
  it('answers both arms, steps most reached first', async () => {
    const res = await h.request('GET', `/v1/reports/journeys/${J}/funnel?${RANGE}`);
    expect(res.status).toBe(200);
    const zeros = { sent: 0, suppressed: 0, delivered: 0, opened: 0, clicked: 0, converted: 0 };
    expect(res.body).toEqual({
      journey: J,
      ...ROUNDED,
      arms: {
        treatment: {
          entered: 30,
          steps: [
            { step: 'firstReminder', ...zeros, reached: 25, sent: 20, suppressed: 5, converted: 4 },
            { step: 'secondChannel', ...zeros, reached: 12 },
          ],
          converted: 6,
          exits: { purchased: 6, completed: 20 },
        },
        control: { entered: 3, steps: [], converted: 0, exits: {} },
      },
    });
  });

  it('answers zeros for a known journey without runs, and 404 for a name that is no journey', async () => {
    const empty = { entered: 0, steps: [], converted: 0, exits: {} };
    const res = await h.request('GET', `/v1/reports/journeys/winBack/funnel?${RANGE}`);
    expect(res.body.arms).toEqual({ treatment: empty, control: empty });
    const missing = await h.request('GET', `/v1/reports/journeys/noSuchJourney/funnel?${RANGE}`);
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe('urn:tutti:problem:not-found');
  });

  it('refuses a bad range with 400 naming the field', async () => {
    expect(await refused(`/v1/reports/journeys/${J}/funnel?from=2026-13-01`)).toEqual(['from']);
    expect(await refused(`/v1/reports/journeys/${J}/funnel?from=2026-03-02&to=2026-03-01`)).toEqual(['to']);
  });
});

describe('GET /v1/reports/contact-pressure', () => {
  it('answers totals, marketing per customer and a daily series by default', async () => {
    const res = await h.request('GET', `/v1/reports/contact-pressure?${RANGE}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...ROUNDED,
      bucket: 'day',
      sent: 5,
      suppressed: { holdout: 2 },
      scheduled: 1,
      byChannel: {
        email: { sent: 5, suppressed: 2, scheduled: 0 },
        sms: { sent: 0, suppressed: 0, scheduled: 1 },
      },
      byCategory: {
        reminder: { sent: 5, suppressed: 2, scheduled: 0 },
        promotion: { sent: 0, suppressed: 0, scheduled: 1 },
      },
      // Customer-days 1, 1, 1, 2.
      marketingPerCustomer: { p50: 1, p90: 2, max: 2 },
      series: [
        { bucket: '2026-03-10T00:00:00.000Z', sent: 5, suppressed: 2, scheduled: 0 },
        { bucket: '2026-03-11T00:00:00.000Z', sent: 0, suppressed: 0, scheduled: 1 },
      ],
    });
  });

  it('gives hourly points with bucket=hour', async () => {
    const res = await h.request('GET', `/v1/reports/contact-pressure?${RANGE}&bucket=hour`);
    expect(res.body.series.map((p: { bucket: string }) => p.bucket)).toEqual([
      '2026-03-10T09:00:00.000Z',
      '2026-03-11T23:00:00.000Z',
    ]);
  });

  it('refuses a bad bucket or a range too long for it, naming the field', async () => {
    expect(await refused('/v1/reports/contact-pressure?bucket=week')).toEqual(['bucket']);
    expect(await refused('/v1/reports/contact-pressure?bucket=hour&from=2026-01-01&to=2026-04-04')).toEqual([
      'from',
    ]);
    const days = await h.request(
      'GET',
      '/v1/reports/contact-pressure?bucket=day&from=2026-01-01&to=2026-04-04',
    );
    expect(days.status).toBe(200);
  });
});
