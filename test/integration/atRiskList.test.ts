// GET /v1/customers?atRisk=true from the at-risk set kept at write time (storage/atRiskSet.ts): real customer
// workflows put unhappy customers in it, the listing pages through them latest activity first with a cursor,
// and each carries the recovery journey and the step it is at; customers leave the set when the projection says
// they are no longer at risk, and retried or late projections change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectCustomer } from '../../activities/projectCustomer';
import { initialCustomerState } from '../../domain/customer/customerState';
import { toCustomerView } from '../../domain/customer/customerView';
import { backfillAtRiskSet, readAtRiskMembers } from '../../storage/atRiskSet';
import type { Harness } from '../support/harness';
import { apiKeyFor, createHarness, eventually, uid } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const NEGATIVE = 'The parcel never arrived and I am still waiting for my refund. Very disappointed.';
const POSITIVE = 'Wonderful service, thank you so much! I love it.';

interface Listed {
  customerId: string;
  lastEventAt: string;
  atRisk: boolean;
  journeys: {
    name: string;
    currentStep: { step: string; at: string; detail: Record<string, unknown> } | null;
  }[];
}

const list = async (query: string, key?: string) => {
  const res = await h.request(
    'GET',
    `/v1/customers?atRisk=true${query}`,
    undefined,
    key ? { authorization: `Bearer ${key}` } : undefined,
  );
  expect(res.status).toBe(200);
  return res.body as { customers: Listed[]; nextCursor: string | null };
};

describe('the at-risk customers', () => {
  const unhappy = [0, 1, 2].map((i) => `unhappy-${i}-${uid()}`);
  const happy = `happy-${uid()}`;

  beforeAll(async () => {
    const base = Date.now() - 60_000;
    const res = await h.request('POST', '/v1/events', {
      events: [
        ...unhappy.map((customerId, i) => ({
          id: `${customerId}-1`,
          customerId,
          type: 'message',
          channel: 'email',
          text: NEGATIVE,
          occurredAt: new Date(base + i * 1000).toISOString(),
        })),
        { id: `${happy}-1`, customerId: happy, type: 'message', channel: 'chat', text: POSITIVE },
      ],
    });
    expect(res.status).toBe(202);
    // Every unhappy customer listed, with their recovery waiting on their case.
    await eventually(
      async () => {
        const { customers } = await list('&limit=100');
        const waiting = customers.filter((c) =>
          c.journeys.some(
            (j) => j.name === 'serviceRecovery' && j.currentStep?.step === 'awaiting_resolution',
          ),
        );
        return waiting.length === unhappy.length ? true : undefined;
      },
      60_000,
      'three recoveries awaiting resolution',
    );
  }, 90_000);

  it('lists the unhappy, not the happy, with the recovery journey and the step it is at', async () => {
    const { customers, nextCursor } = await list('');
    expect(customers.map((c) => c.customerId).sort()).toEqual([...unhappy].sort());
    expect(nextCursor).toBeNull();
    for (const customer of customers) {
      expect(customer.atRisk).toBe(true);
      const recovery = customer.journeys.find((j) => j.name === 'serviceRecovery');
      expect(recovery?.currentStep).toMatchObject({ step: 'awaiting_resolution' });
      // It waits until the SLA (24h by default) runs out.
      expect(Date.parse(String(recovery?.currentStep?.detail.until))).toBeGreaterThan(Date.now());
    }
  });

  it('pages through them latest activity first, each once', async () => {
    const first = await list('&limit=2');
    expect(first.customers.map((c) => c.customerId)).toEqual([unhappy[2], unhappy[1]]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(`&limit=2&cursor=${first.nextCursor}`);
    expect(second.customers.map((c) => c.customerId)).toEqual([unhappy[0]]);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not make, naming it', async () => {
    const res = await h.request('GET', '/v1/customers?atRisk=true&cursor=nonsense!');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
  });

  it('shows another workspace none of them', async () => {
    const other = await apiKeyFor(h, `other-${uid()}`);
    expect(await list('', other)).toEqual({ customers: [], nextCursor: null });
  });
});

describe('membership of the at-risk set, as the projection writes it', () => {
  const workspace = `set-${uid()}`;
  const project = () => createProjectCustomer(h.storage.models);
  const projection = (customerId: string, version: number, atRisk: boolean, lastEventAt: string) => ({
    workspace,
    customerId,
    view: { ...toCustomerView(initialCustomerState(workspace, customerId)), version, lastEventAt },
    atRisk,
    events: [],
    processedAt: lastEventAt,
  });
  const members = async () =>
    (await readAtRiskMembers(h.storage.models, workspace)).sort((a, b) =>
      a.customerId.localeCompare(b.customerId),
    );

  it('joins, moves with the latest event, leaves, and ignores retried and late projections', async () => {
    const id = `x.y$z-${uid()}`; // a `.` and a `$`: not field names, and still members
    const other = `other-${uid()}`;
    await project()(projection(id, 1, true, '2026-12-01T10:00:00.000Z'));
    await project()(projection(id, 1, true, '2026-12-01T10:00:00.000Z')); // retried
    await project()(projection(other, 1, true, '2026-12-01T09:00:00.000Z'));
    expect(await members()).toEqual(
      [
        { customerId: id, lastEventAt: Date.parse('2026-12-01T10:00:00.000Z') },
        { customerId: other, lastEventAt: Date.parse('2026-12-01T09:00:00.000Z') },
      ].sort((a, b) => a.customerId.localeCompare(b.customerId)),
    );

    await project()(projection(id, 2, true, '2026-12-01T11:00:00.000Z'));
    expect((await members()).find((m) => m.customerId === id)?.lastEventAt).toBe(
      Date.parse('2026-12-01T11:00:00.000Z'),
    );

    await project()(projection(id, 3, false, '2026-12-01T12:00:00.000Z'));
    // A late retry of an older projection puts nobody back.
    await project()(projection(id, 2, true, '2026-12-01T11:00:00.000Z'));
    expect((await members()).map((m) => m.customerId)).toEqual([other]);
    const key = await apiKeyFor(h, workspace);
    expect((await list('', key)).customers.map((c) => c.customerId)).toEqual([other]);
  });

  it('takes in, with the backfill, customers at risk in read models projected before the set', async () => {
    const old = `old-${uid()}`;
    await h.storage.models.customers.create({
      _id: `${workspace}:${old}`,
      workspace,
      customerId: old,
      version: 4,
      sentiment: { score: -0.6, label: 'negative', trend: 'declining', lastAt: '2026-11-30T08:00:00.000Z' },
      atRisk: true,
      lastEventAt: new Date('2026-11-30T08:00:00.000Z'),
      updatedAt: new Date('2026-11-30T08:00:01.000Z'),
    });
    expect((await members()).map((m) => m.customerId)).not.toContain(old);
    expect(await backfillAtRiskSet(h.storage.models)).toBeGreaterThanOrEqual(1);
    await backfillAtRiskSet(h.storage.models); // again: changes nothing
    expect((await members()).filter((m) => m.customerId === old)).toEqual([
      { customerId: old, lastEventAt: Date.parse('2026-11-30T08:00:00.000Z') },
    ]);
  });
});
