import { Client, Connection } from '@temporalio/client';
import express from 'express';
import type { ErrorRequestHandler } from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDeliveryConfig } from '../../platform/config';
import { inject } from 'vitest';
import { createApp } from '../../api/app';
import { authenticate, callerOf } from '../../api/auth';
import { dependencyOutage } from '../../api/dependencyOutage';
import { ensureDevelopmentKey } from '../../api/developmentKey';
import type { Service } from '../../dev/childProcess';
import { freePort } from '../../dev/childProcess';
import { startEmbeddedMongo } from '../../dev/embeddedMongo';
import { createLogger } from '../../platform/logger';
import { ferretDbPath } from '../../dev/tools';
import type { Storage } from '../../storage/connection';
import { openStorage } from '../../storage/connection';
import { defaultPolicy } from '../../domain/policy';
import { createWorker } from '../../workers/createWorker';
import { WORKFLOWS_PATH } from '../../workers/workflowBundle';
import { eventually, uid } from '../support/harness';

// A dependency outage is a 503 problem+json with Retry-After on every route, with real outages: a FerretDB of
// this file's own, stopped under the API, and a Temporal server that is not there.

const scratch = mkdtempSync(path.join(os.tmpdir(), 'tutti-hostile-outage-'));
const apiKey = `outage-key-${uid()}`;
let mongoPort: number;
let ferret: Service | undefined;
let storage: Storage;
const connections: { close(): Promise<void> }[] = [];
const servers: Server[] = [];

const startFerret = async () => {
  ferret = await startEmbeddedMongo({
    binary: ferretDbPath(),
    port: mongoPort,
    dataDir: path.join(scratch, 'mongo'),
    logFile: path.join(scratch, 'ferretdb.log'),
  });
};

/** The real API on a random port, over this file's FerretDB and the given Temporal client. */
async function startApi(client: Client, taskQueue = `outage-${uid()}`): Promise<string> {
  const app = createApp({
    client,
    storage,
    namespace: 'default',
    taskQueue,
    logger: createLogger('api', 'silent'),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function call(baseUrl: string, method: string, route: string, body?: unknown, key = apiKey) {
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Every route of the API, each with a valid request: only the outage can make it fail. */
function everyRoute(customerId: string): [string, string, unknown?][] {
  const { version: _version, ...policyBody } = defaultPolicy;
  return [
    ['POST', '/v1/events', { id: `e-${uid()}`, customerId, type: 'browse', channel: 'web' }],
    [
      'POST',
      `/v1/customers/${customerId}/contact-requests`,
      { id: `r-${uid()}`, channel: 'email', category: 'transactional' },
    ],
    ['PUT', `/v1/customers/${customerId}/consent`, { channel: 'sms', status: 'opted_out' }],
    ['POST', `/v1/customers/${customerId}/cases/case-1/resolve`],
    ['GET', `/v1/customers/${customerId}`],
    ['GET', `/v1/customers/${customerId}/timeline`],
    ['GET', `/v1/customers/${customerId}/ledger`],
    ['GET', `/v1/customers/${customerId}/outbox`],
    ['GET', '/v1/customers?atRisk=true'],
    ['GET', '/v1/metrics/sentiment?from=2026-01-01&to=2026-01-02'],
    ['GET', '/v1/metrics/surveys?from=2026-01-01&to=2026-01-02'],
    ['GET', '/v1/reports/uplift?scope=journey:cartRecovery'],
    ['GET', '/v1/reports/journeys/cartRecovery/funnel'],
    ['GET', '/v1/reports/contact-pressure'],
    ['GET', '/v1/policy'],
    ['PUT', '/v1/policy', policyBody],
    ['GET', '/v1/policy/versions/2'],
  ];
}

function expectUnavailable(
  res: { status: number; headers: Headers; body: any },
  what: string,
  dependency: string,
) {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(503);
  expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
  expect(Number(res.headers.get('retry-after')), what).toBeGreaterThan(0);
  expect(res.body, what).toMatchObject({ status: 503, type: 'urn:tutti:problem:unavailable' });
  // Events name the customers they could not reach; every other route names the dependency.
  if (res.body.failedCustomers === undefined) expect(res.body.dependency, what).toBe(dependency);
}

beforeAll(async () => {
  mongoPort = await freePort();
  await startFerret();
  storage = await openStorage(`mongodb://127.0.0.1:${mongoPort}/`, { dbName: 'tutti_outage' });
  await ensureDevelopmentKey(storage.models, { apiKey, dataDir: '/nonexistent' });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await Promise.all(connections.map((c) => c.close().catch(() => undefined)));
  await storage?.close().catch(() => undefined);
  await ferret?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('MongoDB (FerretDB) down', () => {
  it('every route that needs it answers 503 problem+json with Retry-After, not 500 — and works again once it is back', async () => {
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    connections.push(connection);
    const baseUrl = await startApi(new Client({ connection, namespace: 'default' }));
    const customerId = `c-${uid()}`;
    // Known before the outage: the key is cached, so each route gets as far as its own reads and writes.
    expect((await call(baseUrl, 'GET', '/v1/policy')).status).toBe(200);

    await ferret?.stop();
    ferret = undefined;
    try {
      // Contact requests do not need MongoDB (below).
      const routes = everyRoute(customerId).filter(([, route]) => !route.endsWith('/contact-requests'));
      const answers = await Promise.all(
        routes.map(([method, route, body]) => call(baseUrl, method, route, body)),
      );
      // All at once first, so that a failure shows every route's answer.
      expect(answers.map((res, i) => `${routes[i][0]} ${routes[i][1]} → ${res.status}`)).toEqual(
        routes.map(([method, route]) => `${method} ${route} → 503`),
      );
      answers.forEach((res, i) => expectUnavailable(res, `${routes[i][0]} ${routes[i][1]}`, 'MongoDB'));
      // A key the API has not seen yet cannot be checked either: unavailable, not "unauthorized".
      expectUnavailable(
        await call(baseUrl, 'GET', '/v1/policy', undefined, 'never-seen'),
        'unknown key',
        'MongoDB',
      );
    } finally {
      await startFerret();
    }
    await eventually(async () =>
      (await call(baseUrl, 'GET', '/v1/policy')).status === 200 ? true : undefined,
    );
  });
});

describe('MongoDB (FerretDB) down, with a worker', () => {
  it('still decides contact requests for a customer Tutti knows, with the key it saw last', async () => {
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    connections.push(connection);
    const client = new Client({ connection, namespace: 'default' });
    const taskQueue = `outage-decisions-${uid()}`;
    const baseUrl = await startApi(client, taskQueue);
    const nativeConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
    connections.push(nativeConnection);
    const worker = await createWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      models: storage.models,
      delivery: loadDeliveryConfig({}),
      client,
      workflowBundle: await bundleWorkflowCode({
        workflowsPath: WORKFLOWS_PATH,
        logger: new DefaultLogger('WARN'),
      }),
    });
    const running = worker.run();
    try {
      const customerId = `c-${uid()}`;
      const ask = (id: string) =>
        call(baseUrl, 'POST', `/v1/customers/${customerId}/contact-requests`, {
          id,
          channel: 'email',
          category: 'transactional',
          priority: 100,
        });
      // Known before the outage: the customer's workflow holds the policy, the API the key.
      expect((await ask(`r-${uid()}`)).body).toMatchObject({ decision: 'sent' });

      await ferret?.stop();
      ferret = undefined;
      try {
        const started = Date.now();
        const during = await ask(`r-${uid()}`);
        expect(during.status, JSON.stringify(during.body)).toBe(200);
        expect(during.body).toMatchObject({ decision: 'sent', reason: 'ok' });
        // The policy version read gives up within its budget; the decision does not wait for the store.
        expect(Date.now() - started).toBeLessThan(5_000);
      } finally {
        await startFerret();
      }
    } finally {
      worker.shutdown();
      await running;
    }
  });
});

describe('API keys while MongoDB is down', () => {
  it('a key seen lately is still honoured after its cache entry expired; an unknown key is a 503', async () => {
    const app = express();
    app.use(authenticate(storage.models, { cacheTtlMs: 200 }));
    app.get('/who', (_req, res) => {
      res.json(callerOf(res));
    });
    app.use(((error, _req, res, _next) => {
      void _next;
      res.status(503).json({ outage: dependencyOutage(error) ?? null });
    }) as ErrorRequestHandler);
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    servers.push(server);
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await call(baseUrl, 'GET', '/who')).body).toMatchObject({ workspace: 'default' });

    await ferret?.stop();
    ferret = undefined;
    try {
      await new Promise((resolve) => setTimeout(resolve, 400)); // past the cache TTL
      const seen = await call(baseUrl, 'GET', '/who');
      expect(seen.status, JSON.stringify(seen.body)).toBe(200);
      expect(seen.body).toMatchObject({ workspace: 'default' });
      const unknown = await call(baseUrl, 'GET', '/who', undefined, `never-seen-${uid()}`);
      expect(unknown.status).toBe(503);
      expect(unknown.body).toEqual({ outage: 'MongoDB' });
    } finally {
      await startFerret();
    }
  });
});

describe('Temporal unreachable', () => {
  it('every route that needs Temporal answers 503 problem+json with Retry-After, not 500', async () => {
    // A server address where nothing listens: connection refused, as when the Temporal server is down.
    const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
    connections.push(connection);
    const baseUrl = await startApi(new Client({ connection, namespace: 'default' }));
    const customerId = `c-${uid()}`;
    const needTemporal = everyRoute(customerId).slice(0, 4);
    const answers = await Promise.all(
      needTemporal.map(([method, route, body]) => call(baseUrl, method, route, body)),
    );
    answers.forEach((res, i) =>
      expectUnavailable(res, `${needTemporal[i][0]} ${needTemporal[i][1]}`, 'Temporal'),
    );
    // Reads come from MongoDB: they still answer.
    expect((await call(baseUrl, 'GET', `/v1/customers/${customerId}/ledger`)).status).toBe(200);
  });
});
