import { Client, Connection } from '@temporalio/client';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createApp } from '../../api/app';
import { ensureDevelopmentKey } from '../../api/developmentKey';
import type { Service } from '../../platform/childProcess';
import { freePort } from '../../platform/childProcess';
import { startEmbeddedMongo } from '../../platform/embeddedMongo';
import { createLogger } from '../../platform/logger';
import { ferretDbPath } from '../../platform/tools';
import type { Storage } from '../../storage/connection';
import { openStorage } from '../../storage/connection';
import { defaultPolicy } from '../../domain/policy';
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
async function startApi(client: Client): Promise<string> {
  const app = createApp({
    client,
    storage,
    namespace: 'default',
    taskQueue: `outage-${uid()}`,
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
    ['GET', '/v1/policy'],
    ['PUT', '/v1/policy', policyBody],
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
  it('every route answers 503 problem+json with Retry-After, not 500 — and works again once it is back', async () => {
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    connections.push(connection);
    const baseUrl = await startApi(new Client({ connection, namespace: 'default' }));
    const customerId = `c-${uid()}`;
    // Known before the outage: the key is cached, so each route gets as far as its own reads and writes.
    expect((await call(baseUrl, 'GET', '/v1/policy')).status).toBe(200);

    await ferret?.stop();
    ferret = undefined;
    try {
      const routes = everyRoute(customerId);
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
