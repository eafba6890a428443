// Keys a team can run (issue #15, item 1), through the real API, worker and servers: an admin makes an ingest
// key, sends events with it, is refused a policy change with it (403 naming the role), revokes it, and every
// replica — this process's API and a second API process — refuses it within 5 s. Expiry, the last admin key,
// and a walk of every /v1 operation of the OpenAPI document with each role.
import path from 'node:path';
import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROLES, roleAllows } from '../../domain/access/roles';
import type { Role } from '../../domain/access/roles';
import type { Service } from '../../dev/childProcess';
import { freePort, startService, waitForPort } from '../../dev/childProcess';
import { PROJECT_ROOT } from '../../dev/tools';
import type { Harness } from '../support/harness';
import { apiKeyFor, bearer, createHarness, uid } from '../support/harness';

let h: Harness;
let second: Service;
let secondUrl: string;
let scratch: string;

beforeAll(async () => {
  h = await createHarness();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'tutti-keys-'));
  const port = await freePort();
  // A second API replica, as its own process, over the same database.
  second = startService('api', process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: PROJECT_ROOT,
    logFile: path.join(scratch, 'api.log'),
    env: {
      ...process.env,
      PORT: String(port),
      TUTTI_API_KEY: h.apiKey,
      TUTTI_DATA_DIR: scratch,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      MONGODB_URI: `${inject('mongoUri')}${h.storage.connection.name}`,
      TUTTI_TASK_QUEUE: h.taskQueue,
      TUTTI_LOG_LEVEL: 'warn',
    },
  });
  await waitForPort('127.0.0.1', port, 60_000, second);
  secondUrl = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await second?.stop();
  await h?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function onSecond(method: string, route: string, key: string, body?: unknown) {
  const res = await fetch(`${secondUrl}${route}`, {
    method,
    headers: { ...bearer(key), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const event = (customerId: string) => ({ id: `e-${uid()}`, customerId, type: 'browse', channel: 'web' });

it('makes an ingest key that sends events, is refused the policy, and is refused everywhere within 5 s of its revocation', async () => {
  const made = await h.request('POST', '/v1/api-keys', { name: 'ESP webhook', role: 'ingest' });
  expect(made.status).toBe(201);
  expect(made.body).toMatchObject({
    id: expect.stringMatching(/^key_[A-Za-z0-9]{16}$/),
    name: 'ESP webhook',
    role: 'ingest',
    key: expect.stringMatching(/^tutti_ingest_[A-Za-z0-9]{32}$/),
    status: 'active',
    expiresAt: null,
  });
  const { key, id, prefix } = made.body;
  expect(key.startsWith(prefix)).toBe(true);

  // Listed, without the secret (nor its hash) anywhere in the answer.
  const listed = await h.request('GET', '/v1/api-keys');
  expect(listed.body.keys[0]).toMatchObject({ id, role: 'ingest', prefix });
  expect(JSON.stringify(listed.body)).not.toContain(key.slice(prefix.length));
  expect(listed.body.keys.map((k: any) => k.name)).toContain('development key');

  // Used on both replicas, so both have it cached.
  const c = `ing-${uid()}`;
  expect((await h.request('POST', '/v1/events', event(c), bearer(key))).status).toBe(202);
  expect((await onSecond('POST', '/v1/events', key, event(c))).status).toBe(202);
  const refused = await h.request('PUT', '/v1/policy', {}, bearer(key));
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ requiredRole: 'admin', role: 'ingest' });
  expect(refused.body.detail).toMatch(/takes an admin key; this is an ingest key/);
  expect((await h.request('GET', `/v1/customers/${c}`, undefined, bearer(key))).body.requiredRole).toBe(
    'member',
  );

  const revoked = await h.request('DELETE', `/v1/api-keys/${id}`);
  expect(revoked.status).toBe(200);
  expect(revoked.body).toMatchObject({ id, status: 'revoked', revokedAt: expect.any(String) });
  const at = Date.now();
  const refusedAfter = async (send: () => Promise<{ status: number }>) => {
    for (;;) {
      const { status } = await send();
      if (status === 401) return Date.now() - at;
      expect(status).toBe(202);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const [here, there] = await Promise.all([
    refusedAfter(() => h.request('POST', '/v1/events', event(c), bearer(key))),
    refusedAfter(() => onSecond('POST', '/v1/events', key, event(c))),
  ]);
  expect(Math.max(here, there)).toBeLessThan(5_000);
  const answer = await onSecond('POST', '/v1/events', key, event(c));
  expect(answer.body.detail).toMatch(/revoked/);
  // Revoking it again answers it as it is.
  expect((await h.request('DELETE', `/v1/api-keys/${id}`)).body.status).toBe('revoked');
});

it('stops an expiring key at its expiry, on every replica', async () => {
  const expiresAt = new Date(Date.now() + 1_500).toISOString();
  const made = await h.request('POST', '/v1/api-keys', { name: 'short', role: 'member', expiresAt });
  expect(made.status).toBe(201);
  expect(made.body.expiresAt).toBe(expiresAt);
  const { key } = made.body;
  expect((await h.request('GET', '/v1/policy', undefined, bearer(key))).status).toBe(200);
  expect((await onSecond('GET', '/v1/policy', key)).status).toBe(200);
  await new Promise((r) => setTimeout(r, Date.parse(expiresAt) - Date.now() + 50));
  const here = await h.request('GET', '/v1/policy', undefined, bearer(key));
  expect(here.status).toBe(401);
  expect(here.body.detail).toMatch(/expired/);
  expect((await onSecond('GET', '/v1/policy', key)).status).toBe(401);
  const listed = await h.request('GET', '/v1/api-keys');
  expect(listed.body.keys.find((k: any) => k.id === made.body.id).status).toBe('expired');
});

it('refuses to revoke the last active admin key of a workspace (409), and revokes one of two', async () => {
  const workspace = `ws-${uid()}`;
  const first = await apiKeyFor(h, workspace, 'admin');
  const list = async (key: string) =>
    (await h.request('GET', '/v1/api-keys', undefined, bearer(key))).body.keys;
  const [only] = await list(first);
  const last = await h.request('DELETE', `/v1/api-keys/${only.id}`, undefined, bearer(first));
  expect(last.status).toBe(409);
  expect(last.body.type).toBe('urn:tutti:problem:last-admin-key');

  const other = await h.request(
    'POST',
    '/v1/api-keys',
    { name: 'second admin', role: 'admin' },
    bearer(first),
  );
  expect(
    (await h.request('DELETE', `/v1/api-keys/${only.id}`, undefined, bearer(other.body.key))).status,
  ).toBe(200);
  expect(
    (await h.request('DELETE', `/v1/api-keys/${other.body.id}`, undefined, bearer(other.body.key))).status,
  ).toBe(409);
  // The revoked one stays listed, as the record of what existed.
  expect((await list(other.body.key)).map((k: any) => k.status)).toEqual(['active', 'revoked']);
});

it('refuses keys that are not valid, naming the field', async () => {
  const bad = await h.request('POST', '/v1/api-keys', { name: '', role: 'owner', expiresAt: 'tomorrow' });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['expiresAt', 'name', 'role']);
  const past = await h.request('POST', '/v1/api-keys', {
    name: 'x',
    role: 'ingest',
    expiresAt: '2020-01-01T00:00:00Z',
  });
  expect(past.body.errors).toEqual([{ path: 'expiresAt', message: 'expiresAt must be in the future' }]);
  expect((await h.request('DELETE', '/v1/api-keys/nope')).body.errors[0].path).toBe('keyId');
  expect((await h.request('DELETE', '/v1/api-keys/key_AAAAAAAAAAAAAAAA')).status).toBe(404);
});

describe('every /v1 operation of the OpenAPI document, with a key of each role', () => {
  interface Operation {
    method: string;
    path: string;
    role: Role;
  }
  let operations: Operation[];
  const keys = {} as Record<Role, string>;

  beforeAll(async () => {
    const document = (await (await fetch(`${h.baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { 'x-tutti-role'?: Role }>>;
    };
    operations = Object.entries(document.paths)
      .filter(([p]) => p.startsWith('/v1/'))
      .flatMap(([p, item]) =>
        Object.entries(item).map(([method, op]) => ({
          method: method.toUpperCase(),
          path: p,
          role: op['x-tutti-role'] as Role,
        })),
      );
    for (const role of ROLES) keys[role] = await apiKeyFor(h, `walk-${uid()}`, role);
  });

  it('gives each one a role', () => {
    expect(operations.length).toBeGreaterThan(10);
    expect(operations.filter((op) => !ROLES.includes(op.role))).toEqual([]);
  });

  it('answers 403 naming the role needed to every key below it, and lets every other key through', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const op of operations) {
      const url = op.path
        .replace('{customerId}', `walk-${uid()}`)
        .replace('{caseId}', 'case-1')
        .replace('{keyId}', 'key_AAAAAAAAAAAAAAAA');
      for (const role of ROLES) {
        const res = await h.request(op.method, url, op.method === 'GET' ? undefined : {}, bearer(keys[role]));
        const allowed = roleAllows(role, op.role);
        outcomes.push(
          `${op.method} ${op.path} as ${role}: ${res.status === 403 ? `403 ${res.body.requiredRole}` : res.status === 401 ? '401' : 'through'}`,
        );
        expected.push(`${op.method} ${op.path} as ${role}: ${allowed ? 'through' : `403 ${op.role}`}`);
      }
    }
    expect(outcomes).toEqual(expected);
  });
});
