// How storage fails, with the errors the real server and driver produce: a server that stops answering or is
// gone fails an operation within the configured bound (never a hang), and is transient; a document storage
// refuses is permanent, so the activity that wrote it gives up at once instead of retrying for ever.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createProjectCustomer } from '../../activities/projectCustomer';
import { initialCustomerState } from '../../domain/customer/customerState';
import { toCustomerView } from '../../domain/customer/customerView';
import { STORE_WRITE_REFUSED } from '../../domain/failureTypes';
import type { Storage } from '../../storage/connection';
import { openStorage } from '../../storage/connection';
import { insertNew } from '../../storage/insertNew';
import type { KeyedDocument } from '../../storage/insertNew';
import { classifyStoreError } from '../../storage/writeFailure';
import { startTcpRelay } from '../support/tcpRelay';

/** The rejection of `operation`, and how long it took to come. */
async function failureOf(operation: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await operation();
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error('expected the operation to fail');
}

const TIMEOUT_MS = 1_000;
/** Selection, then a wait for a connection, then silence on the socket: each bounded by TIMEOUT_MS. */
const BOUND_MS = 3 * TIMEOUT_MS + 500;
const settings = { maxPoolSize: 2, timeoutMs: TIMEOUT_MS };
const dbName = `tutti_test_failures_${randomUUID().slice(0, 8)}`;
const mongoUri = () => new URL(inject('mongoUri'));

let storage: Storage;
beforeAll(async () => {
  storage = await openStorage(inject('mongoUri'), { dbName, settings });
});
afterAll(async () => {
  await storage?.connection.dropDatabase();
  await storage?.close();
});

describe('a server that stops answering, or is gone', () => {
  it('fails reads and writes within the bound, as transient', async () => {
    const { hostname, port } = mongoUri();
    const relay = await startTcpRelay({ host: hostname, port: Number(port) });
    const viaRelay = await openStorage(`mongodb://127.0.0.1:${relay.port}/`, { dbName, settings });
    try {
      await viaRelay.models.customers.findById('w:warm-up').lean();
      relay.freeze();
      const writes = viaRelay.models.events.collection as unknown as Parameters<typeof insertNew>[0];
      const failures = await Promise.all([
        failureOf(() => viaRelay.models.customers.findById('w:c1').lean()),
        failureOf(() => viaRelay.models.customers.updateOne({ _id: 'w:c1' }, { $set: { version: 2 } })),
        failureOf(() => insertNew(writes, [{ _id: 'w:e1' }, { _id: 'w:e2' }])),
        // More operations than the pool has connections: these wait in the driver's queue, and give up too.
        ...Array.from({ length: 4 }, (_, i) =>
          failureOf(() => viaRelay.models.customers.findById(`w:${i}`).lean()),
        ),
      ]);
      for (const { error, ms } of failures) {
        expect(ms).toBeLessThan(BOUND_MS);
        expect(classifyStoreError(error), String(error)).toBe('transient');
      }

      await relay.close();
      const gone = await failureOf(() => viaRelay.models.customers.findById('w:c1').lean());
      expect(gone.ms).toBeLessThan(BOUND_MS);
      expect(classifyStoreError(gone.error), String(gone.error)).toBe('transient');
    } finally {
      await relay.close();
      await viaRelay.close();
    }
  }, 30_000);
});

describe('a document storage refuses', () => {
  const raw = () => storage.models.journeySteps.collection as unknown as Parameters<typeof insertNew>[0];
  it.each<[string, KeyedDocument]>([
    ['a nested array', { _id: 'nested', detail: { items: [['sku-1', 2]] } }],
    ['a key starting with $', { _id: 'dollar', detail: { $x: 1 } }],
    ['a key containing a dot', { _id: 'dot', detail: { 'a.b': 1 } }],
    ['a key containing NUL', { _id: 'nul', detail: { 'a\u0000b': 1 } }],
    ['Infinity', { _id: 'inf', detail: Infinity }],
    ['a document over 16 MiB', { _id: 'large', detail: 'x'.repeat(17 * 1024 * 1024) }],
  ])('calls %s permanent', async (_, doc) => {
    const { error } = await failureOf(() => insertNew(raw(), [doc]));
    expect(classifyStoreError(error), String(error)).toBe('permanent');
    // The store is fine afterwards.
    expect(await storage.models.journeySteps.findById('none').lean()).toBeNull();
  });

  it('makes the activity fail as non-retryable STORE_WRITE_REFUSED', async () => {
    const projectCustomer = createProjectCustomer(storage.models);
    // Only a value no encoder can write gets this far: a cycle (the workflow's JSON would never have one).
    const traits: Record<string, unknown> = { tier: 'gold' };
    traits.self = traits;
    const view = { ...toCustomerView(initialCustomerState('w', 'c-cycle')), version: 1, traits };
    const { error } = await failureOf(() =>
      projectCustomer({
        workspace: 'w',
        customerId: 'c-cycle',
        view,
        atRisk: false,
        events: [],
        processedAt: new Date().toISOString(),
      }),
    );
    expect(error).toMatchObject({ type: STORE_WRITE_REFUSED, nonRetryable: true });
  });
});
