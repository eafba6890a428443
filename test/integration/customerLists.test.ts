// The per-customer read routes (ledger, outbox, timeline) served from per-customer lists
// (storage/customerLists.ts), against the real MongoDB-wire server of the test run: they answer exactly what
// the old scan queries answered, never another customer's documents, nothing twice after retried writes, and
// customers whose documents predate the lists are still served (by those scans).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliverMessage } from '../../activities/delivery/deliverMessage';
import type { OutboundMessage } from '../../activities/delivery/outboundMessage';
import { createRecordJourneyStep } from '../../activities/journeys/recordJourneyStep';
import type { JourneyStepRecord } from '../../domain/journeys/journeyStepRecord';
import { createProjectCustomer } from '../../activities/projectCustomer';
import type { ProcessedEvent } from '../../domain/events/processedEvent';
import { createRecordDecisions } from '../../activities/recordDecisions';
import { createReceipts } from '../../api/ingest/eventIngestion';
import type { DecisionRecord } from '../../domain/contact';
import { initialCustomerState } from '../../domain/customer/customerState';
import { toCustomerView } from '../../domain/customer/customerView';
import type { CustomerEvent } from '../../domain/events/customerEvent';
import type { CustomerListKind } from '../../storage/customerLists';
import { backfillCustomerLists } from '../../storage/backfillCustomerLists';
import { appendToCustomerList, customerListKey } from '../../storage/customerLists';
import { eventKey } from '../../storage/documentKeys';
import type { Harness } from '../support/harness';
import { apiKeyFor, createHarness, uid } from '../support/harness';

let h: Harness;
let key: string;
const workspace = `lists-${uid()}`;
const otherWorkspace = `lists-other-${uid()}`;
const KINDS: CustomerListKind[] = ['messages', 'events', 'decisions', 'journeySteps'];

beforeAll(async () => {
  h = await createHarness();
  key = await apiKeyFor(h, workspace);
});
afterAll(async () => {
  await h?.close();
});

const get = async (path: string) => {
  const res = await h.request('GET', path, undefined, { authorization: `Bearer ${key}` });
  expect(res.status).toBe(200);
  return res.body;
};

const base = Date.UTC(2026, 10, 20, 9);
const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();

/**
 * One customer's story written as the worker writes it, every activity called twice with the same input (a
 * retry): four events in two projection rounds, four decisions about three messages in two batches, one
 * message delivered and one refused by its receiver, three journey steps. Every id carries `tag`.
 */
async function writeStory(ws: string, customerId: string, tag: string): Promise<void> {
  const models = h.storage.models;
  const twice = async (call: () => Promise<unknown>) => {
    await call();
    await call();
  };

  const events = [0, 1, 2, 3].map((i): CustomerEvent => ({
    id: `${tag}-e${i}`,
    customerId,
    type: i === 1 ? 'cart_updated' : 'message',
    channel: 'chat',
    occurredAt: at(i),
    receivedAt: at(i),
    ...(i === 1 ? {} : { text: i === 0 ? 'The parcel is lost. Awful.' : 'Thanks, that helped a lot!' }),
    // A nested array: stored as JSON text, answered as sent.
    properties: i === 1 ? { items: [['sku-1', 2]] } : { page: `/p/${i}` },
  }));
  await createReceipts(models).insertReceipts(ws, events);
  const projectCustomer = createProjectCustomer(models);
  const sentimentOf = (e: CustomerEvent) =>
    e.type !== 'message'
      ? {}
      : e.id.endsWith('e0')
        ? { score: -0.8, label: 'negative' as const }
        : { score: 0.7, label: 'positive' as const };
  const processed = (e: CustomerEvent): ProcessedEvent => ({
    eventId: e.id,
    type: e.type,
    channel: e.channel,
    occurredAt: e.occurredAt,
    receivedAt: e.receivedAt,
    ...sentimentOf(e),
  });
  for (const [version, round] of [
    [1, events.slice(0, 2)],
    [2, events.slice(2)],
  ] as const) {
    await twice(() =>
      projectCustomer({
        workspace: ws,
        customerId,
        view: { ...toCustomerView(initialCustomerState(ws, customerId)), version },
        atRisk: false,
        events: round.map(processed),
        processedAt: at(10 * version),
      }),
    );
  }

  const recordDecisions = createRecordDecisions(models);
  const decision = (m: number, minute: number, overrides: Partial<DecisionRecord>): DecisionRecord => ({
    messageId: `${tag}-m${m}`,
    requestId: `${tag}-r${m}`,
    decision: 'sent',
    reason: 'ok',
    channel: m === 3 ? 'sms' : 'email',
    category: 'service',
    priority: 50,
    decidedAt: at(minute),
    sentAt: at(minute),
    policyVersion: 1,
    inputs: { withdrawnBy: 'test', why: `message ${m} at ${minute}` },
    trigger: 'request',
    ...overrides,
  });
  const firstBatch = [
    decision(1, 20, {
      decision: 'scheduled',
      reason: 'quiet_hours',
      sentAt: undefined,
      scheduledFor: at(30),
    }),
    decision(2, 21, { decision: 'suppressed', reason: 'open_case', sentAt: undefined }),
  ];
  const secondBatch = [decision(1, 30, { trigger: 'scheduled_time' }), decision(3, 31, {})];
  await twice(() => recordDecisions({ workspace: ws, customerId, records: firstBatch }));
  await twice(() => recordDecisions({ workspace: ws, customerId, records: secondBatch }));

  const message = (m: number, channel: OutboundMessage['channel']): OutboundMessage => ({
    workspace: ws,
    customerId,
    messageId: `${tag}-m${m}`,
    requestId: `${tag}-r${m}`,
    channel,
    category: 'service',
    priority: 50,
    content: { subject: 'Your parcel', data: { lines: [['sku-1', 2]] } },
    recipient: { email: `${customerId}@example.test` },
    decidedAt: at(30),
  });
  await twice(() => createDeliverMessage({ models, config: {} })(message(1, 'email')));
  // The receiver refuses the sms for good: the outbox records it failed.
  const refusing = createDeliverMessage({
    models,
    config: { webhook: { url: 'http://127.0.0.1:9/tutti', secret: 's' } },
    fetch: () => Promise.resolve(new Response('no such number', { status: 400 })),
  });
  await twice(() => refusing(message(3, 'sms')).catch(() => undefined));

  const recordJourneyStep = createRecordJourneyStep(models);
  const step = (seq: number, name: string): JourneyStepRecord => ({
    workspace: ws,
    customerId,
    journeyId: `journey:${ws}:${tag}:winBack:1`,
    journey: 'winBack',
    seq,
    step: name,
    at: at(40 + seq),
    detail: { seq },
  });
  for (const [seq, name] of ['started', 'waiting', 'completed'].entries()) {
    await twice(() => recordJourneyStep(step(seq, name)));
  }
}

async function listOf(kind: CustomerListKind, ws: string, customerId: string): Promise<string[] | undefined> {
  const list = await h.storage.models.customerLists.findById(customerListKey(kind, ws, customerId)).lean();
  return list?.ids;
}

/** The routes' answers for one customer, with and without limits. */
async function answersFor(customerId: string): Promise<Record<string, unknown>> {
  const paths = [
    `/v1/customers/${customerId}/ledger`,
    `/v1/customers/${customerId}/ledger?limit=2`,
    `/v1/customers/${customerId}/outbox`,
    `/v1/customers/${customerId}/outbox?limit=1`,
    `/v1/customers/${customerId}/timeline`,
    `/v1/customers/${customerId}/timeline?limit=5`,
  ];
  const answers: Record<string, unknown> = {};
  for (const path of paths) answers[path] = await get(path);
  return answers;
}

describe('per-customer lists', () => {
  const customerId = `ada:${uid()}`;
  const neighbour = `bob-${uid()}`;

  beforeAll(async () => {
    await writeStory(workspace, customerId, 'ADA');
    // Another customer of the workspace, and a customer with the same id in another workspace.
    await writeStory(workspace, neighbour, 'BOB');
    await writeStory(otherWorkspace, customerId, 'TWIN');
  });

  it('lists each document once, in the order written, although every write ran twice', async () => {
    expect(await listOf('events', workspace, customerId)).toEqual(
      [0, 1, 2, 3].map((i) => eventKey(workspace, `ADA-e${i}`)),
    );
    expect(await listOf('decisions', workspace, customerId)).toEqual([
      `ADA-m1:${at(20)}:request`,
      `ADA-m2:${at(21)}:request`,
      `ADA-m1:${at(30)}:scheduled_time`,
      `ADA-m3:${at(31)}:request`,
    ]);
    expect(await listOf('messages', workspace, customerId)).toEqual(['ADA-m1', 'ADA-m2', 'ADA-m3']);
    expect(await listOf('journeySteps', workspace, customerId)).toEqual(
      [0, 1, 2].map((seq) => `journey:${workspace}:ADA:winBack:1:${seq}`),
    );
  });

  it('serves the ledger, the outbox and the timeline from the lists: the customer’s documents, once each', async () => {
    const ledger = await get(`/v1/customers/${customerId}/ledger`);
    expect(ledger.contacts.map((c: any) => [c.messageId, c.decision])).toEqual([
      ['ADA-m3', 'sent'],
      ['ADA-m1', 'sent'],
      ['ADA-m2', 'suppressed'],
    ]);

    const outbox = await get(`/v1/customers/${customerId}/outbox`);
    expect(outbox.messages.map((m: any) => [m.messageId, m.status])).toEqual([
      ['ADA-m3', 'failed'],
      ['ADA-m1', 'delivered'],
    ]);
    expect(outbox.messages[1].content).toEqual({ subject: 'Your parcel', data: { lines: [['sku-1', 2]] } });

    const timeline = await get(`/v1/customers/${customerId}/timeline`);
    const entries: any[] = timeline.entries;
    expect(entries.filter((e) => e.kind === 'event').map((e) => e.eventId)).toEqual(
      [0, 1, 2, 3].map((i) => `ADA-e${i}`),
    );
    expect(entries.find((e) => e.eventId === 'ADA-e0')).toMatchObject({
      sentiment: { score: -0.8, label: 'negative' },
      text: 'The parcel is lost. Awful.',
    });
    expect(entries.find((e) => e.eventId === 'ADA-e1').properties).toEqual({ items: [['sku-1', 2]] });
    expect(entries.filter((e) => e.kind === 'decision').map((e) => [e.messageId, e.decision])).toEqual([
      ['ADA-m1', 'scheduled'],
      ['ADA-m2', 'suppressed'],
      ['ADA-m1', 'sent'],
      ['ADA-m3', 'sent'],
    ]);
    expect(entries.filter((e) => e.kind === 'delivery').map((e) => [e.messageId, e.status])).toEqual([
      ['ADA-m1', 'delivered'],
      ['ADA-m3', 'failed'],
    ]);
    expect(entries.filter((e) => e.kind === 'journey').map((e) => e.step)).toEqual([
      'started',
      'waiting',
      'completed',
    ]);

    // Nobody else's documents: not the neighbour's, not the same customer id's in another workspace.
    const all = JSON.stringify([ledger, outbox, timeline]);
    expect(all).not.toContain('BOB-');
    expect(all).not.toContain('TWIN-');
  });

  it('answers exactly what the scan queries answered before the lists', async () => {
    const fromLists = await answersFor(customerId);
    // The same customer without lists: every route falls back to the query it ran before.
    const lists = new Map<CustomerListKind, string[]>();
    for (const kind of KINDS) {
      lists.set(kind, (await listOf(kind, workspace, customerId)) ?? []);
      await h.storage.models.customerLists.deleteOne({ _id: customerListKey(kind, workspace, customerId) });
    }
    const fromScans = await answersFor(customerId);
    expect(fromScans).toEqual(fromLists);
    // Put back, for whatever runs after.
    for (const [kind, ids] of lists) {
      await appendToCustomerList(h.storage.models, kind, workspace, customerId, ids);
    }
    expect(await answersFor(customerId)).toEqual(fromLists);
  });

  it('takes appends to one list from many writers at once without losing any', async () => {
    const busy = `busy-${uid()}`;
    const ids = Array.from({ length: 40 }, (_, i) => `id-${i}`);
    await Promise.all(
      ids.map((id) => appendToCustomerList(h.storage.models, 'messages', workspace, busy, [id])),
    );
    expect([...((await listOf('messages', workspace, busy)) ?? [])].sort()).toEqual([...ids].sort());
  });
});

describe('a customer known to the lists', () => {
  it('has nothing of a kind they have no list of: the routes answer empty without the scan of before', async () => {
    const customerId = `new-${uid()}`;
    const models = h.storage.models;
    await appendToCustomerList(models, 'events', workspace, customerId, [
      eventKey(workspace, `${customerId}-e0`),
    ]);
    // A document of this customer that no list names (as a scan would find it): not shown.
    await models.journeySteps.create({
      _id: `journey:${workspace}:${customerId}:winBack:1:0`,
      workspace,
      customerId,
      journeyId: `journey:${workspace}:${customerId}:winBack:1`,
      journey: 'winBack',
      seq: 0,
      step: 'started',
      at: new Date(at(6)),
      detail: {},
    });
    expect((await get(`/v1/customers/${customerId}/ledger`)).contacts).toEqual([]);
    expect((await get(`/v1/customers/${customerId}/outbox`)).messages).toEqual([]);
    const timeline = await get(`/v1/customers/${customerId}/timeline`);
    expect(timeline.entries.filter((e: any) => e.kind === 'journey')).toEqual([]);
    // Nobody at all: nothing, and no scan either.
    expect((await get(`/v1/customers/nobody-${uid()}/timeline`)).entries).toEqual([]);
  });
});

describe('a customer whose documents predate the lists', () => {
  it('is served by the scans of before', async () => {
    const customerId = `old-${uid()}`;
    const models = h.storage.models;
    const decidedAt = new Date(at(5));
    await models.events.create({
      _id: eventKey(workspace, 'OLD-e0'),
      workspace,
      eventId: 'OLD-e0',
      customerId,
      type: 'message',
      channel: 'email',
      occurredAt: new Date(at(1)),
      receivedAt: new Date(at(1)),
      text: 'Where is my order?',
      properties: {},
      // Receipts of before processed_events carried the sentiment themselves.
      score: -0.4,
      label: 'negative',
      processedAt: new Date(at(2)),
    });
    const decision = {
      workspace,
      customerId,
      requestId: 'OLD-r1',
      decision: 'sent',
      reason: 'ok',
      channel: 'email',
      category: 'service',
      priority: 50,
      decidedAt,
      policyVersion: 1,
    };
    await models.decisions.create({
      _id: `OLD-m1:${at(5)}:request`,
      messageId: 'OLD-m1',
      trigger: 'request',
      inputs: {},
      ...decision,
    });
    await models.contacts.create({ _id: 'OLD-m1', sentAt: decidedAt, ...decision });
    await models.outbox.create({
      _id: 'OLD-m1',
      workspace,
      customerId,
      requestId: 'OLD-r1',
      channel: 'email',
      category: 'service',
      priority: 50,
      content: { subject: 'Hello' },
      recipient: {},
      decidedAt,
      status: 'delivered',
      adapter: 'outbox',
      attempts: 1,
      createdAt: decidedAt,
      updatedAt: decidedAt,
      deliveredAt: decidedAt,
    });
    await models.journeySteps.create({
      _id: `journey:${workspace}:OLD:winBack:1:0`,
      workspace,
      customerId,
      journeyId: `journey:${workspace}:OLD:winBack:1`,
      journey: 'winBack',
      seq: 0,
      step: 'started',
      at: new Date(at(6)),
      detail: {},
    });
    // Their read model, as every processed customer has had one since the first projection.
    await models.customers.create({
      _id: `${workspace}:${customerId}`,
      workspace,
      customerId,
      version: 1,
      sentiment: { score: -0.4, label: 'negative', trend: 'stable', lastAt: at(1) },
      updatedAt: new Date(at(2)),
    });
    for (const kind of KINDS) expect(await listOf(kind, workspace, customerId)).toBeUndefined();

    const ledger = await get(`/v1/customers/${customerId}/ledger`);
    expect(ledger.contacts.map((c: any) => c.messageId)).toEqual(['OLD-m1']);
    const outbox = await get(`/v1/customers/${customerId}/outbox`);
    expect(outbox.messages.map((m: any) => [m.messageId, m.status])).toEqual([['OLD-m1', 'delivered']]);
    const timeline = await get(`/v1/customers/${customerId}/timeline`);
    expect(timeline.entries.map((e: any) => e.kind)).toEqual(['event', 'decision', 'delivery', 'journey']);
    expect(timeline.entries[0]).toMatchObject({
      eventId: 'OLD-e0',
      sentiment: { score: -0.4, label: 'negative' },
    });

    // A new decision creates the customer's lists with only the new ids: the older documents drop off...
    await createRecordDecisions(models)({
      workspace,
      customerId,
      records: [
        {
          messageId: 'NEW-m2',
          requestId: 'NEW-r2',
          decision: 'sent',
          reason: 'ok',
          channel: 'email',
          category: 'service',
          priority: 50,
          decidedAt: at(7),
          policyVersion: 1,
          inputs: { withdrawnBy: 'test', why: 'new' },
          trigger: 'request',
        },
      ],
    });
    const ledgerOf = async () =>
      (await get(`/v1/customers/${customerId}/ledger`)).contacts.map((c: any) => c.messageId);
    expect(await ledgerOf()).toEqual(['NEW-m2']);
    // ...until the backfill lists them, in front of the new ones; run again, it changes nothing.
    expect((await backfillCustomerLists(models)).ids).toBeGreaterThanOrEqual(4);
    expect(await backfillCustomerLists(models)).toEqual({ lists: 0, ids: 0 });
    expect(await listOf('messages', workspace, customerId)).toEqual(['OLD-m1', 'NEW-m2']);
    expect(await ledgerOf()).toEqual(['NEW-m2', 'OLD-m1']);
    const after = await get(`/v1/customers/${customerId}/timeline`);
    expect(after.entries.map((e: any) => [e.kind, e.eventId ?? e.messageId ?? e.journeyId])).toEqual([
      ['event', 'OLD-e0'],
      ['decision', 'OLD-m1'],
      ['delivery', 'OLD-m1'],
      ['journey', `journey:${workspace}:OLD:winBack:1`],
      ['decision', 'NEW-m2'],
    ]);
  });
});
