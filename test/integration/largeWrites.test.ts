// The read-model writers against the real MongoDB-wire server with more documents in one call than FerretDB
// v1 inserts in one batch (100): appended documents and single-statement upserts (storage/README.md), where
// the batched updates these writers used to send could wedge the server.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createProjectCustomer } from '../../activities/projectCustomer';
import { createRecordDecisions } from '../../activities/recordDecisions';
import type { DecisionRecord } from '../../domain/contact';
import { initialCustomerState } from '../../domain/customer/customerState';
import { toCustomerView } from '../../domain/customer/customerView';
import type { Storage } from '../../storage/connection';
import { eventKey } from '../../storage/documentKeys';
import { openStorage } from '../../storage/connection';

let storage: Storage;
beforeAll(async () => {
  storage = await openStorage(inject('mongoUri'), {
    dbName: `tutti_test_writes_${randomUUID().slice(0, 8)}`,
  });
});
afterAll(async () => {
  await storage?.connection.dropDatabase();
  await storage?.close();
});

const WRITES = 250;
const at = (i: number) => new Date(Date.UTC(2026, 10, 23, 8, 0, i)).toISOString();

describe('writes of many documents at once', () => {
  it('projects 250 events of one customer in one call', async () => {
    // As the API left them: a receipt per event, which the projection completes.
    await storage.models.events.collection.insertMany(
      Array.from({ length: WRITES }, (_, i) => ({
        _id: eventKey('w', `e${i}`) as never,
        workspace: 'w',
        eventId: `e${i}`,
        customerId: 'c1',
        type: 'message',
        channel: 'chat',
        occurredAt: new Date(at(i)),
        receivedAt: new Date(at(i)),
        text: 'still waiting',
        properties: {},
      })),
    );
    const projectCustomer = createProjectCustomer(storage.models);
    await projectCustomer({
      workspace: 'w',
      customerId: 'c1',
      view: toCustomerView(initialCustomerState('w', 'c1')),
      atRisk: false,
      events: Array.from({ length: WRITES }, (_, i) => ({
        eventId: `e${i}`,
        type: 'message' as const,
        channel: 'chat' as const,
        occurredAt: at(i),
        receivedAt: at(i),
        score: -0.5,
        label: 'negative' as const,
      })),
      processedAt: at(WRITES),
    });
    const processed = await storage.models.processedEvents.countDocuments({
      workspace: 'w',
      label: 'negative',
    });
    expect(processed).toBe(WRITES);
  }, 60_000);

  it('records 250 decisions of one customer in one call, the last one per message winning', async () => {
    const recordDecisions = createRecordDecisions(storage.models);
    const records: DecisionRecord[] = Array.from({ length: WRITES }, (_, i) => ({
      // 125 messages, each decided twice: scheduled, then sent.
      messageId: `m${i % (WRITES / 2)}`,
      requestId: `r${i % (WRITES / 2)}`,
      decision: i < WRITES / 2 ? 'scheduled' : 'sent',
      reason: i < WRITES / 2 ? 'quiet_hours' : 'ok',
      channel: 'email',
      category: 'promotion',
      priority: 50,
      decidedAt: at(i),
      policyVersion: 1,
      inputs: { withdrawnBy: 'test', why: 'test' },
      trigger: i < WRITES / 2 ? 'request' : 'scheduled_time',
    }));
    await recordDecisions({ workspace: 'w', customerId: 'c2', records });
    expect(await storage.models.decisions.countDocuments({ customerId: 'c2' })).toBe(WRITES);
    const contacts = await storage.models.contacts.find({ customerId: 'c2' }).lean();
    expect(contacts).toHaveLength(WRITES / 2);
    expect(contacts.every((c) => c.decision === 'sent')).toBe(true);
  }, 60_000);
});
