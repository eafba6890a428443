// Receipts of concurrent requests go to storage together (a group commit, api/ingest/eventIngestion.ts): each
// request still gets its own answer — accepted or duplicate per event — and a write that fails fails only the
// requests that were in it, with the answer the contract documents for a store that cannot take the write now.
import { Client, Connection } from '@temporalio/client';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../api/app';
import { ensureDevelopmentKey } from '../../api/developmentKey';
import { createReceipts, RECEIPTS_ALONE_FROM } from '../../api/ingest/eventIngestion';
import type { CustomerEvent } from '../../domain/events/customerEvent';
import { createLogger } from '../../platform/logger';
import type { Storage } from '../../storage/connection';
import { openStorage } from '../../storage/connection';
import { eventKey } from '../../storage/documentKeys';
import { classifyStoreError } from '../../storage/writeFailure';
import { startTcpRelay } from '../support/tcpRelay';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const WORKSPACE = 'default';

const incoming = (id: string, customerId: string) => ({
  id,
  customerId,
  type: 'browse',
  channel: 'web',
  properties: { page: `/${id}` },
});

function received(id: string, customerId: string, text?: string): CustomerEvent {
  const now = new Date().toISOString();
  return {
    ...incoming(id, customerId),
    type: 'browse',
    channel: 'web',
    occurredAt: now,
    receivedAt: now,
    ...(text !== undefined ? { text } : {}),
  };
}

describe('concurrent single events', () => {
  it('answers each request accepted or duplicate, and applies each event once', async () => {
    const run = uid();
    const customers = [`g1-${run}`, `g2-${run}`, `g3-${run}`];
    const event = (i: number) => incoming(`${run}-${i}`, customers[i % customers.length]);
    // Sent before: 0–4.
    for (let i = 0; i < 5; i++) expect((await h.request('POST', '/v1/events', event(i))).status).toBe(202);

    // All at once: 0–4 again, 5–19 once each, and 5–9 a second time alongside their first.
    const sends = [...Array.from({ length: 20 }, (_, i) => i), 5, 6, 7, 8, 9];
    const answers = await Promise.all(sends.map((i) => h.request('POST', '/v1/events', event(i))));
    const byEvent = new Map<number, unknown[]>();
    answers.forEach((res, k) => {
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      byEvent.set(sends[k], [...(byEvent.get(sends[k]) ?? []), res.body]);
    });
    const accepted = { accepted: 1, duplicates: 0 };
    const duplicate = { accepted: 0, duplicates: 1 };
    for (let i = 0; i < 5; i++) expect(byEvent.get(i), `event ${i}`).toEqual([duplicate]);
    // Whichever of the two copies was written first is the accepted one.
    for (let i = 5; i < 10; i++) {
      expect(byEvent.get(i), `event ${i}`).toHaveLength(2);
      expect(byEvent.get(i), `event ${i}`).toEqual(expect.arrayContaining([accepted, duplicate]));
    }
    for (let i = 10; i < 20; i++) expect(byEvent.get(i), `event ${i}`).toEqual([accepted]);

    // 20 events over 3 customers: 7, 7 and 6, each counted once by the customer's workflow.
    for (const [c, customerId] of customers.entries()) {
      const expected = c === 2 ? 6 : 7;
      const counted = await eventually(async () => {
        const r = await h.request('GET', `/v1/customers/${customerId}`);
        return r.status === 200 && r.body.counts?.events === expected ? r.body.counts.events : undefined;
      });
      expect(counted).toBe(expected);
    }
  }, 60_000);
});

describe('receipts written together', () => {
  it("tells each caller of one insert its own duplicates, including another caller's copy", async () => {
    const receipts = createReceipts(h.storage.models);
    const run = uid();
    const e = (name: string) => received(`${run}-${name}`, `rg-${run}`);
    expect(await receipts.insertReceipts(WORKSPACE, [e('old')])).toEqual(new Set());
    // The first call's insert is in flight while the others arrive: those three go together in the next one.
    const [first, second, third, fourth] = await Promise.all([
      receipts.insertReceipts(WORKSPACE, [e('x0')]),
      receipts.insertReceipts(WORKSPACE, [e('x1'), e('old')]),
      receipts.insertReceipts(WORKSPACE, [e('x2'), e('x1')]),
      receipts.insertReceipts(WORKSPACE, [e('x3')]),
    ]);
    expect(first).toEqual(new Set());
    expect(second).toEqual(new Set([`${run}-old`]));
    expect(third).toEqual(new Set([`${run}-x1`]));
    expect(fourth).toEqual(new Set());
    for (const name of ['old', 'x0', 'x1', 'x2', 'x3']) {
      expect(
        await h.storage.models.events.findById(eventKey(WORKSPACE, `${run}-${name}`)).lean(),
      ).toBeTruthy();
    }
  });

  it('fails the callers of an insert that fails, and only them', async () => {
    // Groups of at most 3 receipts, to see where one ends.
    const receipts = createReceipts(h.storage.models, { groupCap: 3 });
    const run = uid();
    const e = (name: string, text?: string) => received(`${run}-${name}`, `rf-${run}`, text);
    // No request can send this (text is at most 10,000 characters): a document storage cannot take, so the
    // whole insert it is in is refused before anything is written.
    const tooLarge = e('large', 'x'.repeat(17 * 1024 * 1024));
    const [alone, refused, beside, next] = await Promise.allSettled([
      receipts.insertReceipts(WORKSPACE, [e('a0')]),
      // These two go together in the next insert, which fails.
      receipts.insertReceipts(WORKSPACE, [tooLarge]),
      receipts.insertReceipts(WORKSPACE, [e('b0'), e('b1')]),
      // No room left beside them: the insert after.
      receipts.insertReceipts(WORKSPACE, [e('c0')]),
    ]);
    expect(alone).toEqual({ status: 'fulfilled', value: new Set() });
    expect(next).toEqual({ status: 'fulfilled', value: new Set() });
    for (const failed of [refused, beside]) {
      expect(failed.status).toBe('rejected');
      expect(classifyStoreError((failed as PromiseRejectedResult).reason)).toBe('permanent');
    }
    const stored = (name: string) =>
      h.storage.models.events.findById(eventKey(WORKSPACE, `${run}-${name}`)).lean();
    expect(await stored('b0')).toBeNull();
    expect(await stored('large')).toBeNull();
    expect(await stored('a0')).toBeTruthy();
    expect(await stored('c0')).toBeTruthy();
    // Sent again, the refused group's other events are taken as new.
    expect(await receipts.insertReceipts(WORKSPACE, [e('b0'), e('b1')])).toEqual(new Set());
  }, 60_000);

  it('writes a large batch at once, not behind the group in flight', async () => {
    const receipts = createReceipts(h.storage.models);
    const run = uid();
    const e = (name: string, text?: string) => received(`${run}-${name}`, `rl-${run}`, text);
    const order: string[] = [];
    // The group in flight takes a while: 5 events of 3 MB each.
    const slow = receipts
      .insertReceipts(
        WORKSPACE,
        Array.from({ length: 5 }, (_, i) => e(`slow${i}`, 'x'.repeat(3 * 1024 * 1024))),
      )
      .then(() => order.push('group'));
    const batch = receipts
      .insertReceipts(
        WORKSPACE,
        Array.from({ length: RECEIPTS_ALONE_FROM }, (_, i) => e(`batch${i}`)),
      )
      .then(() => order.push('batch'));
    await Promise.all([slow, batch]);
    expect(order).toEqual(['batch', 'group']);
  }, 60_000);
});

describe('a store that stops answering during a group', () => {
  it("answers that group's requests 503 with Retry-After, and takes the requests queued behind it", async () => {
    const mongoUri = new URL(inject('mongoUri'));
    const relay = await startTcpRelay({ host: mongoUri.hostname, port: Number(mongoUri.port) });
    const dbName = `tutti_test_groups_${uid()}`;
    const timeoutMs = 1_000;
    let storage: Storage | undefined;
    let connection: Connection | undefined;
    let server: Server | undefined;
    try {
      storage = await openStorage(`mongodb://127.0.0.1:${relay.port}/`, {
        dbName,
        settings: { maxPoolSize: 8, timeoutMs },
        // The freeze drops every byte: a server check inside it would mark the server down and clear the pool,
        // failing the queued requests too. One check at connect, none during the test.
        heartbeatFrequencyMs: 120_000,
      });
      connection = await Connection.connect({ address: inject('temporalAddress') });
      const apiKey = `groups-key-${uid()}`;
      await ensureDevelopmentKey(storage.models, { apiKey, dataDir: '/nonexistent' });
      const app = createApp({
        client: new Client({ connection, namespace: 'default' }),
        storage,
        namespace: 'default',
        // No worker: taking events in needs none.
        taskQueue: `groups-${uid()}`,
        logger: createLogger('api', 'silent'),
      });
      server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const post = async (body: unknown) => {
        const res = await fetch(`${baseUrl}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: res.status, headers: res.headers, body: (await res.json()) as any };
      };
      const run = uid();
      const event = (name: string) => incoming(`${run}-${name}`, `ro-${run}`);
      const stored = (name: string) =>
        storage!.models.events.findById(eventKey(WORKSPACE, `${run}-${name}`)).lean();
      expect((await post(event('warm'))).status).toBe(202);

      relay.freeze(true);
      // Its insert goes out and is never answered.
      const lost = post(event('lost'));
      await new Promise((r) => setTimeout(r, 200));
      // These arrive while it is in flight: they wait for the next insert, which goes out after it fails.
      const queued = [post(event('q1')), post(event('q2'))];
      await new Promise((r) => setTimeout(r, 200));
      relay.freeze(false);

      const unavailable = await lost;
      expect(unavailable.status, JSON.stringify(unavailable.body)).toBe(503);
      expect(unavailable.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(unavailable.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(unavailable.body).toMatchObject({
        status: 503,
        type: 'urn:tutti:problem:unavailable',
        dependency: 'MongoDB',
      });
      for (const res of await Promise.all(queued)) {
        expect(res.status, JSON.stringify(res.body)).toBe(202);
        expect(res.body).toEqual({ accepted: 1, duplicates: 0 });
      }
      expect(await stored('q1')).toBeTruthy();
      expect(await stored('lost')).toBeNull();
      // The client sends it again, as the 503 says: taken now.
      const again = await post(event('lost'));
      expect(again.status).toBe(202);
      expect(again.body).toEqual({ accepted: 1, duplicates: 0 });
    } finally {
      await new Promise((r) => (server ? server.close(r) : r(undefined)));
      await connection?.close();
      relay.freeze(false);
      await storage?.connection.dropDatabase();
      await storage?.close();
      await relay.close();
    }
  }, 60_000);
});
