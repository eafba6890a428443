import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Harness } from '../support/harness';
import { apiKeyFor, createHarness, eventually, uid } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const customerWhen = (customerId: string, ready: (c: any) => boolean) =>
  eventually(async () => {
    const res = await h.request('GET', `/v1/customers/${customerId}`);
    return res.status === 200 && ready(res.body) ? res.body : undefined;
  });

it('lists at-risk customers, changes consent, resolves a case, and tells the story in the timeline', async () => {
  const customerId = `story-${Date.now()}`;
  const happy = `happy-${Date.now()}`;
  await h.request('POST', '/v1/events', {
    events: [
      {
        id: `${customerId}-1`,
        customerId,
        type: 'message',
        channel: 'chat',
        text: 'The driver was rude and my parcel is lost. Awful.',
        occurredAt: '2026-11-20T10:00:00Z',
      },
      {
        id: `${happy}-1`,
        customerId: happy,
        type: 'message',
        channel: 'review',
        text: 'Absolutely love it, thank you so much!',
      },
    ],
  });
  const angry = await customerWhen(customerId, (c) => c.openCases.length === 1);
  await customerWhen(happy, (c) => c.counts.events === 1);

  const atRisk = await h.request('GET', '/v1/customers?atRisk=true');
  const ids = atRisk.body.customers.map((c: { customerId: string }) => c.customerId);
  expect(ids).toContain(customerId);
  expect(ids).not.toContain(happy);
  expect((await h.request('GET', '/v1/customers')).status).toBe(400);

  // A promotion is refused while the case is open; the decision shows in the timeline after the message.
  const promo = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
    id: 'p1',
    channel: 'email',
    category: 'promotion',
  });
  expect(promo.body).toMatchObject({ decision: 'suppressed', reason: 'open_case' });

  const consent = await h.request('PUT', `/v1/customers/${customerId}/consent`, {
    channel: 'sms',
    status: 'opted_out',
  });
  expect(consent.status).toBe(202);
  const bad = await h.request('PUT', `/v1/customers/${customerId}/consent`, {
    channel: 'sms',
    status: 'maybe',
  });
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].path).toBe('status');

  const resolve = await h.request(
    'POST',
    `/v1/customers/${customerId}/cases/${angry.openCases[0].caseId}/resolve`,
  );
  expect(resolve.status).toBe(202);
  const after = await customerWhen(
    customerId,
    (c) => c.openCases.length === 0 && c.consent.sms === 'opted_out',
  );
  expect(after.consent).toEqual({ sms: 'opted_out' });

  const timeline = await eventually(async () => {
    const res = await h.request('GET', `/v1/customers/${customerId}/timeline`);
    const entries = res.body.entries as
      { kind: string; at: string; requestId?: string; step?: string }[] | undefined;
    return entries?.some((e) => e.requestId === 'p1') &&
      entries.some((e) => e.kind === 'journey' && e.step === 'apology')
      ? entries
      : undefined;
  });
  expect(timeline[0]).toMatchObject({ kind: 'event', type: 'message', sentiment: { label: 'negative' } });
  expect(timeline.find((e: { requestId?: string }) => e.requestId === 'p1')).toMatchObject({
    kind: 'decision',
    reason: 'open_case',
    inputs: expect.any(Object),
  });
  // The complaint started service recovery: its steps are in the same story.
  expect(timeline.find((e: { kind: string }) => e.kind === 'journey')).toMatchObject({
    journey: 'serviceRecovery',
    step: 'started',
  });
  const times = timeline.map((e: { at: string }) => e.at);
  expect([...times].sort()).toEqual(times);
});

it('describes the whole v1 contract at /openapi.json and renders it at /docs, without a key', async () => {
  const res = await fetch(`${h.baseUrl}/openapi.json`);
  expect(res.status).toBe(200);
  const doc = (await res.json()) as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
    components: any;
  };
  expect(doc.openapi).toBe('3.1.0');
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
  // Every route of docs/DESIGN.md's HTTP API v1.
  expect(operations).toEqual(
    expect.arrayContaining([
      'POST /v1/events',
      'POST /v1/customers/{customerId}/contact-requests',
      'GET /v1/customers/{customerId}',
      'GET /v1/customers/{customerId}/ledger',
      'GET /v1/customers/{customerId}/timeline',
      'GET /v1/customers',
      'GET /v1/metrics/sentiment',
      'GET /v1/reports/uplift',
      'GET /v1/reports/journeys/{name}/funnel',
      'GET /v1/reports/contact-pressure',
      'POST /v1/customers/{customerId}/cases/{caseId}/resolve',
      'PUT /v1/customers/{customerId}/consent',
      'GET /v1/policy',
      'PUT /v1/policy',
      'GET /healthz',
      'GET /readyz',
      'GET /metrics',
    ]),
  );
  // The bodies are the validators' own schemas.
  expect(doc.components.schemas.Event.required).toEqual(
    expect.arrayContaining(['id', 'customerId', 'type', 'channel']),
  );
  expect(doc.components.schemas.ContactRequest.properties.category.enum).toContain('advocacy');

  const page = await fetch(`${h.baseUrl}/docs/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('swagger-ui');
});

it("keeps each workspace's customers to itself: another workspace's key sees none of them", async () => {
  const customerId = `private-${uid()}`;
  await h.request('POST', '/v1/events', {
    id: `${customerId}-1`,
    customerId,
    type: 'message',
    channel: 'chat',
    text: 'My parcel is lost.',
  });
  await customerWhen(customerId, (c) => c.counts.events === 1);
  await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
    id: `${customerId}-r`,
    channel: 'email',
    category: 'transactional',
  });

  const otherKey = await apiKeyFor(h, `other-${uid()}`);
  const other = { authorization: `Bearer ${otherKey}` };
  expect((await h.request('GET', `/v1/customers/${customerId}`, undefined, other)).status).toBe(404);
  const ledger = await h.request('GET', `/v1/customers/${customerId}/ledger`, undefined, other);
  expect(ledger.body.contacts).toEqual([]);
  const timeline = await h.request('GET', `/v1/customers/${customerId}/timeline`, undefined, other);
  expect(timeline.status).toBe(200);
  expect(timeline.body.entries).toEqual([]);
  const atRisk = await h.request('GET', '/v1/customers?atRisk=true', undefined, other);
  expect(atRisk.body.customers).toEqual([]);
  // The same event id in the other workspace is a new event there, not a duplicate of this one.
  const again = await h.request(
    'POST',
    '/v1/events',
    { id: `${customerId}-1`, customerId, type: 'browse', channel: 'web' },
    other,
  );
  expect(again.body).toEqual({ accepted: 1, duplicates: 0 });
});

it('never uses an opted-out channel for marketing, gives priority 50 by default, and lists the ledger newest first', async () => {
  const customerId = `consent-${uid()}`;
  await h.request('POST', '/v1/events', {
    id: `${customerId}-id`,
    customerId,
    type: 'identify',
    channel: 'web',
    properties: { traits: { timezone: 'UTC' } },
  });
  await customerWhen(customerId, (c) => c.counts.events === 1);
  expect(
    (await h.request('PUT', `/v1/customers/${customerId}/consent`, { channel: 'sms', status: 'opted_out' }))
      .status,
  ).toBe(202);
  await customerWhen(customerId, (c) => c.consent.sms === 'opted_out');

  const ask = (id: string, category: string) =>
    h.request('POST', `/v1/customers/${customerId}/contact-requests`, { id, channel: 'sms', category });
  expect((await ask('promo', 'promotion')).body).toMatchObject({
    decision: 'suppressed',
    reason: 'opted_out',
  });
  // Transactional ignores marketing opt-outs.
  expect((await ask('otp', 'transactional')).body).toMatchObject({ decision: 'sent', reason: 'ok' });

  const ledger = await eventually(async () => {
    const res = await h.request('GET', `/v1/customers/${customerId}/ledger?limit=5`);
    return res.body.contacts?.length === 2 ? res.body.contacts : undefined;
  });
  expect(ledger.map((c: { requestId: string }) => c.requestId)).toEqual(['otp', 'promo']);
  expect(ledger.every((c: { priority: number }) => c.priority === 50)).toBe(true);
  const one = await h.request('GET', `/v1/customers/${customerId}/ledger?limit=1`);
  expect(one.body.contacts.map((c: { requestId: string }) => c.requestId)).toEqual(['otp']);
  expect((await h.request('GET', `/v1/customers/${customerId}/ledger?limit=0`)).status).toBe(400);
});

it('a limit is digits only, on every listing; a case id leaves room for the event id it becomes', async () => {
  const customerId = `lim-${uid()}`;
  for (const path of [
    `/v1/customers/${customerId}/ledger`,
    `/v1/customers/${customerId}/outbox`,
    `/v1/customers/${customerId}/timeline`,
    '/v1/customers?atRisk=true&x=1',
  ]) {
    const join = path.includes('?') ? '&' : '?';
    for (const bad of ['0x10', '1e2', '-1', '2.5', '']) {
      const res = await h.request('GET', `${path}${join}limit=${bad}`);
      expect(res.status, `${path} limit=${bad}`).toBe(400);
      expect(res.body.errors[0].path).toBe('limit');
    }
    expect((await h.request('GET', `${path}${join}limit=10`)).status).toBe(200);
  }
  // `resolve-{caseId}` is the recorded event's id, at most 128 characters.
  const resolve = (caseId: string) =>
    h.request('POST', `/v1/customers/${customerId}/cases/${caseId}/resolve`);
  expect((await resolve('k'.repeat(121))).status).toBe(400);
  expect((await resolve('k'.repeat(120))).status).toBe(202);
});
