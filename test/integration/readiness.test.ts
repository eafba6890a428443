// /readyz against real servers: ready only when Temporal answers, MongoDB answers a real query on the
// application's database, and a worker polls the task queue; otherwise a 503 that names the part.
import express from 'express';
import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthDependencies } from '../../api/routes/health';
import { healthRouter } from '../../api/routes/health';
import type { Service } from '../../dev/childProcess';
import { freePort } from '../../dev/childProcess';
import { startEmbeddedMongo } from '../../dev/embeddedMongo';
import { ferretDbPath } from '../../dev/tools';
import type { Storage } from '../../storage/connection';
import { openStorage } from '../../storage/connection';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid } from '../support/harness';

let h: Harness;
const servers: Server[] = [];
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  for (const server of servers) await new Promise((r) => server.close(r));
  await h?.close();
});

/** The health routes alone, on a random port, over the given dependencies. */
async function serveHealth(deps: Partial<HealthDependencies>): Promise<string> {
  const app = express();
  app.use(healthRouter({ client: h.client, storage: h.storage, namespace: 'default', ...deps }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readyz(baseUrl: string): Promise<{ status: number; type: string; body: any }> {
  const res = await fetch(`${baseUrl}/readyz`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.json() };
}

it('is ready when Temporal and MongoDB answer and a worker polls the task queue', async () => {
  const baseUrl = await serveHealth({ taskQueue: h.taskQueue });
  // The harness's worker has just started: its first polls reach Temporal within moments.
  const ready = await eventually(async () => {
    const answer = await readyz(baseUrl);
    return answer.status === 200 ? answer : undefined;
  }, 15_000);
  expect(ready.body).toEqual({ status: 'ready', checks: { temporal: 'ok', mongodb: 'ok', worker: 'ok' } });
});

it('is a 503 naming the worker when nobody polls the task queue', async () => {
  const baseUrl = await serveHealth({ taskQueue: `nobody-polls-${uid()}` });
  const answer = await readyz(baseUrl);
  expect(answer.status).toBe(503);
  expect(answer.type).toContain('application/problem+json');
  expect(answer.body.checks.temporal).toBe('ok');
  expect(answer.body.checks.mongodb).toBe('ok');
  expect(answer.body.checks.worker).toMatch(/no workflow or activity poller on task queue "nobody-polls-/);
  expect(answer.body.detail).toContain('worker');
  expect(answer.body.status).toBe(503);
});

describe('with a FerretDB of its own', () => {
  let scratch: string;
  let ferret: Service;
  let storage: Storage;
  let baseUrl: string;

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'tutti-readiness-'));
    const port = await freePort();
    ferret = await startEmbeddedMongo({
      binary: ferretDbPath(),
      port,
      dataDir: path.join(scratch, 'mongo'),
      logFile: path.join(scratch, 'ferretdb.log'),
    });
    storage = await openStorage(`mongodb://127.0.0.1:${port}/`, { dbName: 'tutti_readiness' });
    baseUrl = await serveHealth({ storage, taskQueue: h.taskQueue });
  });
  afterAll(async () => {
    await ferret?.stop(2_000);
    await storage?.close().catch(() => undefined);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('is a 503 naming mongodb when FerretDB is wedged, although it still answers ping', async () => {
    expect((await readyz(baseUrl)).body.checks.mongodb).toBe('ok');
    // The wedge of the issue: concurrent update commands of 50 statements on existing documents take every
    // pooled SQLite connection and never finish; from then on no query on that database is answered.
    const docs = storage.connection.db!.collection<{ _id: string; n: number }>('wedge');
    await docs.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: `d${i}`, n: 0 })));
    const updates = Array.from({ length: 6 }, (_, k) =>
      docs.bulkWrite(
        Array.from({ length: 50 }, (_, i) => ({
          updateOne: { filter: { _id: `d${k * 50 + i}` }, update: { $set: { n: 1, pad: 'x'.repeat(2000) } } },
        })),
      ),
    );
    for (const update of updates) update.catch(() => undefined);

    const started = Date.now();
    const answer = await eventually(async () => {
      const a = await readyz(baseUrl);
      return a.status === 503 ? a : undefined;
    }, 20_000);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(answer.body.checks).toMatchObject({ temporal: 'ok', worker: 'ok' });
    expect(answer.body.checks.mongodb).toMatch(/^unreachable: /);
    expect(answer.body.detail).toContain('mongodb');
    // What the old check asked still answers: ping would have called this server ready.
    await expect(storage.connection.db!.admin().ping()).resolves.toBeTruthy();
  });

  it('is a 503 naming mongodb when FerretDB is down', async () => {
    await ferret.stop(2_000);
    const answer = await readyz(baseUrl);
    expect(answer.status).toBe(503);
    expect(answer.body.checks.temporal).toBe('ok');
    expect(answer.body.checks.mongodb).toMatch(/^unreachable: /);
  });
});
