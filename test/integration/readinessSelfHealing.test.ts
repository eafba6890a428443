// The supervisor of `npm run dev` on a real FerretDB: the wedge of issue 17 (every pooled connection parked
// by multi-statement updates; ping still answers) is found by the liveness probe, and the server is killed
// and restarted, after which the same database answers again.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../../dev/childProcess';
import { ProbeConnections } from '../../dev/livenessProbes';
import { ferretDbChild } from '../../dev/stackChildren';
import type { SupervisorEvent } from '../../dev/supervisor';
import { Supervisor } from '../../dev/supervisor';
import { ferretDbPath } from '../../dev/tools';
import { eventually } from '../support/harness';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'tutti-self-healing-'));
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

it('kills and restarts a wedged FerretDB, and the new one serves the same data', async () => {
  const port = await freePort();
  const uri = `mongodb://127.0.0.1:${port}/tutti`;
  const probes = new ProbeConnections({
    temporalAddress: '127.0.0.1:1',
    namespace: 'default',
    mongoUri: uri,
  });
  const events: SupervisorEvent[] = [];
  const supervisor = new Supervisor({
    backoff: { initialMs: 200 },
    killGraceMs: 1_000,
    log: (e) => events.push(e),
  });
  cleanup.push(
    () => probes.close(),
    () => supervisor.stop(),
  );
  await supervisor.add(
    ferretDbChild(
      {
        binary: ferretDbPath(),
        port,
        dataDir: path.join(scratch, 'mongo'),
        logFile: path.join(scratch, 'ferretdb.log'),
      },
      probes,
      { intervalMs: 1_000, timeoutMs: 3_000, failuresBeforeRestart: 2 },
    ),
  );
  const first = supervisor.current('ferretdb')!;

  const client = await mongoose.createConnection(uri, { retryWrites: false }).asPromise();
  cleanup.push(() => client.close());
  const db = client.db!;
  await db.collection('api_keys').insertOne({ _id: 'k1' } as never);
  const docs = db.collection<{ _id: string; n: number }>('customers');
  await docs.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: `c${i}`, n: 0 })));
  await new Promise((r) => setTimeout(r, 1_500));
  expect(events.filter((e) => e.kind === 'probe_failed')).toEqual([]);

  // The wedge: concurrent 50-statement update commands on existing documents.
  for (let k = 0; k < 6; k++) {
    docs
      .bulkWrite(
        Array.from({ length: 50 }, (_, i) => ({
          updateOne: { filter: { _id: `c${k * 50 + i}` }, update: { $set: { n: 1, pad: 'x'.repeat(2000) } } },
        })),
      )
      .catch(() => undefined);
  }
  const killed = await eventually(
    () => Promise.resolve(events.find((e) => e.kind === 'exited')),
    40_000,
    'the wedged FerretDB to be killed',
  );
  expect(killed).toMatchObject({ child: 'ferretdb', cause: 'unresponsive', pid: first.process.pid });
  expect(events.some((e) => e.kind === 'unresponsive')).toBe(true);
  expect(events.find((e) => e.kind === 'probe_failed')).toMatchObject({
    error: expect.stringMatching(/no answer|time limit/),
  });

  // Restarted on the same data: the documents are there and queries are answered again.
  await eventually(
    () => Promise.resolve(supervisor.current('ferretdb') !== first ? true : undefined),
    20_000,
  );
  const fresh = await mongoose.createConnection(uri, { retryWrites: false }).asPromise();
  cleanup.push(() => fresh.close());
  expect(
    await fresh.db!.collection('api_keys').findOne({ _id: 'k1' } as never, { maxTimeMS: 2_000 }),
  ).toEqual({
    _id: 'k1',
  });
  expect(await fresh.db!.collection('customers').countDocuments({}, { maxTimeMS: 5_000 })).toBe(300);
});
