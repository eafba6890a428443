// `npm run keys` (issue #15, item 2), run as operators run it — a child process with MONGODB_URI — against the
// test FerretDB: it makes a second workspace and its first admin key, which then works on the real API and sees
// nothing of the first workspace; it lists keys without secrets, revokes, and refuses bad input by flag.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../dev/tools';
import type { Harness } from '../support/harness';
import { bearer, createHarness, eventually, uid } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

async function keys(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/keys.ts', ...args],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, MONGODB_URI: `${inject('mongoUri')}${h.storage.connection.name}` },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

it('creates a workspace and its first admin key, which sees nothing of the other workspace', async () => {
  const workspace = `brand-${uid()}`;
  const created = await keys('create', '--workspace', workspace, '--role', 'admin', '--name', 'ops');
  expect(created.code, created.stderr).toBe(0);
  const key = /^(tutti_admin_[A-Za-z0-9]{32})$/m.exec(created.stdout)?.[1];
  expect(key, created.stdout).toBeDefined();
  const admin = bearer(key as string);

  // The default workspace has a customer; the new one does not see it.
  const c = `seen-${uid()}`;
  expect(
    (
      await h.request('POST', '/v1/events', {
        id: `e-${uid()}`,
        customerId: c,
        type: 'browse',
        channel: 'web',
      })
    ).status,
  ).toBe(202);
  await eventually(async () =>
    (await h.request('GET', `/v1/customers/${c}`)).status === 200 ? true : undefined,
  );
  expect((await h.request('GET', `/v1/customers/${c}`, undefined, admin)).status).toBe(404);
  const listed = await h.request('GET', '/v1/api-keys', undefined, admin);
  expect(listed.body.keys.map((k: any) => k.name)).toEqual(['ops']);
  // The audit trail names the operator, who has no key.
  expect((await h.request('GET', '/v1/audit', undefined, admin)).body.entries).toMatchObject([
    {
      action: 'api_key.created',
      actor: { keyId: null, role: null },
      subject: { name: 'ops', role: 'admin' },
    },
  ]);

  // An ingest key made through the API of the new workspace, listed by the command without its secret.
  const ingest = await h.request('POST', '/v1/api-keys', { name: 'esp', role: 'ingest' }, admin);
  const list = await keys('list', '--workspace', workspace, '--json');
  expect(list.code, list.stderr).toBe(0);
  const shown = JSON.parse(list.stdout);
  expect(shown.keys.map((k: any) => [k.name, k.role, k.status])).toEqual([
    ['esp', 'ingest', 'active'],
    ['ops', 'admin', 'active'],
  ]);
  expect(list.stdout).not.toContain(ingest.body.key);
  expect(list.stdout).not.toContain((key as string).slice(19));

  const revoked = await keys('revoke', '--workspace', workspace, '--id', ingest.body.id);
  expect(revoked.code, revoked.stderr).toBe(0);
  await expect
    .poll(async () => (await h.request('POST', '/v1/events', {}, bearer(ingest.body.key))).status, {
      timeout: 5_000,
    })
    .toBe(401);
  const last = await keys('revoke', '--workspace', workspace, '--id', shown.keys[1].id);
  expect(last.code).toBe(1);
  expect(last.stderr).toMatch(/last active admin key/);
});

it('refuses bad input by flag before touching the database', async () => {
  const bad = await keys('create', '--workspace', 'a:b', '--role', 'admin', '--name', 'x');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/--workspace must be/);
  const role = await keys(
    'create',
    '--workspace',
    'ok',
    '--role',
    'owner',
    '--name',
    'x',
    '--expires-at',
    'soon',
  );
  expect(role.code).toBe(2);
  expect(role.stderr).toMatch(/--role: role must be one of/);
  expect(role.stderr).toMatch(/--expires-at: expiresAt must be an ISO 8601/);
  expect((await keys('rotate', '--workspace', 'ok')).code).toBe(2);
  expect((await keys('revoke', '--workspace', 'ok', '--id', 'key_0000000000000000')).code).toBe(1);
});
