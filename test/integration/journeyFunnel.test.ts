import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../domain/policy';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid } from '../support/harness';

// A cart-recovery cohort with a control arm, through the HTTP API: the funnel and contact-pressure reports,
// computed from counters the workflows wrote, must agree with what the ledger of each customer shows —
// the check a newcomer can make by hand (issue #11, "Done when").

const CUSTOMERS = 16;

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ policyTtlMs: 300 });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const { version: _version, ...body } = defaultPolicy;
const policy = {
  ...body,
  quietHours: { ...body.quietHours, categories: [] },
  journeys: {
    ...body.journeys,
    // The reminder at once; the second one far enough away that every run is still waiting for it.
    cartRecovery: { enabled: true, firstReminderAfter: '0s', secondChannelAfter: '1h', goal: 'purchase' },
  },
  holdout: { ...body.holdout, salt: `funnel-${uid()}`, journeys: { cartRecovery: 50 } },
};

const iso = (ms: number) => new Date(ms).toISOString();

interface LedgerRow {
  messageId: string;
  requestId: string;
  decision: string;
  reason: string;
  deliveredAt?: string;
  openedAt?: string;
  clickedAt?: string;
}

async function ledgerOf(customerId: string): Promise<LedgerRow[]> {
  const res = await h.request('GET', `/v1/customers/${customerId}/ledger?limit=100`);
  expect(res.status).toBe(200);
  return res.body.contacts as LedgerRow[];
}

async function send(events: Record<string, unknown>[]): Promise<void> {
  const res = await h.request('POST', '/v1/events', { events });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
}

describe('the funnel of a cart-recovery cohort', () => {
  it('counts entries, the reminder step, engagement, conversions and exits per arm as the ledgers show them', async () => {
    const put = await h.request('PUT', '/v1/policy', policy);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    await new Promise((r) => setTimeout(r, 1_000));
    const from = Date.now();
    const ids = Array.from({ length: CUSTOMERS }, (_, i) => `cart-${uid()}-${i}`);

    await send(
      ids.flatMap((customerId) => [
        {
          id: `${customerId}-id`,
          customerId,
          type: 'identify',
          channel: 'web',
          properties: { traits: { email: `${customerId}@example.com` } },
        },
        {
          id: `${customerId}-cart`,
          customerId,
          type: 'cart_abandoned',
          channel: 'web',
          properties: { cartId: `cart-of-${customerId}` },
        },
      ]),
    );

    // Every run asks for its reminder at once: sent in treatment, held back in control.
    const reminders = new Map<string, LedgerRow>();
    await eventually(
      async () => {
        for (const id of ids) {
          if (reminders.has(id)) continue;
          const row = (await ledgerOf(id)).find((r) => r.requestId.endsWith(':reminder_email'));
          if (row) reminders.set(id, row);
        }
        return reminders.size === CUSTOMERS ? true : undefined;
      },
      60_000,
      'every reminder decided',
    );
    const arms = new Map<string, 'treatment' | 'control'>();
    for (const id of ids) {
      const customer = await h.request('GET', `/v1/customers/${id}`);
      arms.set(id, customer.body.groups.journeys.cartRecovery);
    }
    const treated = ids.filter((id) => arms.get(id) === 'treatment');
    expect(treated.length).toBeGreaterThan(0);
    expect(treated.length).toBeLessThan(CUSTOMERS);

    // Engagement with the treated reminders, as a provider would send it: duplicates, an open before its
    // delivery, a link scanner's open and click; then half of all customers buy their cart.
    const now = Date.now();
    const engagement: Record<string, unknown>[] = [];
    treated.forEach((customerId, k) => {
      const messageId = reminders.get(customerId)!.messageId;
      const add = (suffix: string, properties: Record<string, unknown>, at: number) =>
        engagement.push({
          id: `${customerId}-${suffix}`,
          customerId,
          type: 'engagement',
          channel: 'email',
          occurredAt: iso(at),
          properties: { messageId, ...properties },
        });
      add('machine-open', { action: 'opened', machine: true }, now - 9_000);
      add(
        'machine-click',
        { action: 'clicked', url: 'https://shop.example/cart', machine: true },
        now - 9_000,
      );
      if (k % 2 === 0) {
        add('open', { action: 'opened' }, now - 8_000); // before its delivery arrives
        add('open-again', { action: 'opened' }, now - 7_000);
        add('delivered', { action: 'delivered' }, now - 9_500);
      }
      if (k % 4 === 0) add('click', { action: 'clicked', url: 'https://shop.example/cart' }, now - 6_000);
    });
    await send(engagement);
    const buyers = ids.filter((_, i) => i % 2 === 0);
    await send(
      buyers.map((customerId) => ({
        id: `${customerId}-buy`,
        customerId,
        type: 'purchase',
        channel: 'web',
        properties: { cartId: `cart-of-${customerId}` },
      })),
    );

    // The ledger, once every engagement has landed: what the funnel must say, per arm.
    const expected = { treatment: emptyArm(), control: emptyArm() };
    await eventually(
      async () => {
        expected.treatment = emptyArm();
        expected.control = emptyArm();
        for (const id of ids) {
          const arm = expected[arms.get(id)!];
          const row = (await ledgerOf(id)).find((r) => r.requestId.endsWith(':reminder_email'))!;
          arm.entered++;
          arm.reached++;
          if (row.decision === 'sent') arm.sent++;
          if (row.decision === 'suppressed') arm.suppressed++;
          if (row.deliveredAt) arm.delivered++;
          if (row.openedAt) arm.opened++;
          if (row.clickedAt) arm.clicked++;
        }
        const engaged = treated.filter((_, k) => k % 2 === 0).length;
        return expected.treatment.delivered === engaged ? true : undefined;
      },
      60_000,
      'the engagement on the ledger rows',
    );
    for (const id of buyers) {
      const arm = expected[arms.get(id)!];
      arm.converted++;
      arm.exits.cart_purchased = (arm.exits.cart_purchased ?? 0) + 1;
    }
    expect(expected.treatment.opened).toBe(treated.filter((_, k) => k % 2 === 0).length);
    expect(expected.treatment.clicked).toBe(treated.filter((_, k) => k % 4 === 0).length);

    const range = `from=${iso(from - 3_600_000)}&to=${iso(Date.now() + 3_600_000)}`;
    const funnel = await eventually(
      async () => {
        const res = await h.request('GET', `/v1/reports/journeys/cartRecovery/funnel?${range}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        const { treatment, control } = res.body.arms;
        // A run's exit is counted when the journey has ended, moments after the purchase that converted it.
        const exits = (arm: { exits: Record<string, number> }) =>
          Object.values(arm.exits).reduce((sum, n) => sum + n, 0);
        return treatment.converted + control.converted === buyers.length &&
          exits(treatment) + exits(control) === buyers.length &&
          treatment.steps[0]?.opened === expected.treatment.opened
          ? res.body
          : undefined;
      },
      60_000,
      'the funnel to count every purchase and exit',
    );
    for (const arm of ['treatment', 'control'] as const) {
      const want = expected[arm];
      const got = funnel.arms[arm];
      expect({ arm, entered: got.entered, converted: got.converted, exits: got.exits }).toEqual({
        arm,
        entered: want.entered,
        converted: want.converted,
        exits: want.exits,
      });
      expect(got.steps).toEqual([
        {
          step: 'reminder_email',
          reached: want.reached,
          sent: want.sent,
          suppressed: want.suppressed,
          delivered: want.delivered,
          opened: want.opened,
          clicked: want.clicked,
          // Last touch: a treated buyer's last send before the purchase was this reminder.
          converted: arm === 'treatment' ? buyers.filter((id) => arms.get(id) === 'treatment').length : 0,
        },
      ]);
    }
    expect(funnel.arms.control.steps[0].sent).toBe(0);

    // The cohort's uplift, and contact pressure over the same range, from the same ledgers.
    const uplift = await h.request('GET', `/v1/reports/uplift?scope=journey:cartRecovery&${range}`);
    expect(uplift.body).toMatchObject({
      scope: 'journey:cartRecovery',
      goal: 'purchase',
      treatment: { customers: expected.treatment.entered, converted: expected.treatment.converted },
      control: { customers: expected.control.entered, converted: expected.control.converted },
    });
    const pressure = await h.request('GET', `/v1/reports/contact-pressure?${range}&bucket=hour`);
    expect(pressure.status).toBe(200);
    expect(pressure.body.sent).toBe(expected.treatment.sent);
    expect(pressure.body.suppressed.holdout).toBe(expected.control.suppressed);
    expect(pressure.body.byCategory.reminder).toMatchObject({
      sent: expected.treatment.sent,
      suppressed: expected.control.suppressed,
    });
    expect(pressure.body.marketingPerCustomer).toMatchObject({ p50: 1, p90: 1, max: 1 });
  }, 300_000);
});

function emptyArm() {
  return {
    entered: 0,
    reached: 0,
    sent: 0,
    suppressed: 0,
    delivered: 0,
    opened: 0,
    clicked: 0,
    converted: 0,
    exits: {} as Record<string, number>,
  };
}
