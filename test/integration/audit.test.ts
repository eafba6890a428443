// The audit trail (issue #15, item 4), through the real API, worker and servers: a policy version, a key made
// and revoked, and a case resolved are each recorded with the key that did it, newest first, in pages by
// `before`; other workspaces' trails are their own; keys below admin are refused.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Harness } from '../support/harness';
import { apiKeyFor, bearer, createHarness, uid } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

it('records who published the policy, made and revoked a key, and resolved a case, newest first', async () => {
  const workspace = `audit-${uid()}`;
  const admin = await apiKeyFor(h, workspace, 'admin');
  const as = (key: string) => bearer(key);
  const { id: adminId } = (await h.request('GET', '/v1/api-keys', undefined, as(admin))).body.keys[0];

  const { version: _v, ...policy } = (await h.request('GET', '/v1/policy', undefined, as(admin))).body;
  expect((await h.request('PUT', '/v1/policy', policy, as(admin))).status).toBe(200);
  const member = await h.request('POST', '/v1/api-keys', { name: 'desk', role: 'member' }, as(admin));
  expect(member.status).toBe(201);
  const c = `aud-${uid()}`;
  expect(
    (await h.request('POST', `/v1/customers/${c}/cases/k-1/resolve`, undefined, as(member.body.key))).status,
  ).toBe(202);
  expect((await h.request('DELETE', `/v1/api-keys/${member.body.id}`, undefined, as(admin))).status).toBe(
    200,
  );
  // Revoking again changes nothing, and records nothing.
  expect((await h.request('DELETE', `/v1/api-keys/${member.body.id}`, undefined, as(admin))).status).toBe(
    200,
  );

  const trail = await h.request('GET', '/v1/audit', undefined, as(admin));
  expect(trail.status).toBe(200);
  const byAdmin = { keyId: adminId, name: expect.stringMatching(/^admin /), role: 'admin' };
  const subjectKey = { keyId: member.body.id, name: 'desk', role: 'member', expiresAt: null };
  expect(trail.body.entries).toEqual([
    { id: 4, at: expect.any(String), action: 'api_key.revoked', actor: byAdmin, subject: subjectKey },
    {
      id: 3,
      at: expect.any(String),
      action: 'case.resolved',
      actor: { keyId: member.body.id, name: 'desk', role: 'member' },
      subject: { customerId: c, caseId: 'k-1', duplicate: false },
    },
    { id: 2, at: expect.any(String), action: 'api_key.created', actor: byAdmin, subject: subjectKey },
    { id: 1, at: expect.any(String), action: 'policy.published', actor: byAdmin, subject: { version: 2 } },
  ]);
  expect(trail.body.nextBefore).toBeNull();
  const times = trail.body.entries.map((e: any) => Date.parse(e.at));
  expect([...times].sort((a, b) => b - a)).toEqual(times);

  // Pages of two, by the cursor.
  const first = await h.request('GET', '/v1/audit?limit=2', undefined, as(admin));
  expect(first.body.entries.map((e: any) => e.id)).toEqual([4, 3]);
  expect(first.body.nextBefore).toBe(3);
  const second = await h.request('GET', '/v1/audit?limit=2&before=3', undefined, as(admin));
  expect(second.body.entries.map((e: any) => e.id)).toEqual([2, 1]);
  expect(second.body.nextBefore).toBeNull();
  expect((await h.request('GET', '/v1/audit?before=1', undefined, as(admin))).body.entries).toEqual([]);

  // Another workspace's trail is its own; a member key may not read it; a bad cursor is named.
  const other = (await h.request('GET', '/v1/audit')).body.entries;
  expect(other.some((e: any) => e.subject.keyId === member.body.id)).toBe(false);
  const memberKey = await apiKeyFor(h, workspace, 'member');
  expect((await h.request('GET', '/v1/audit', undefined, as(memberKey))).status).toBe(403);
  const bad = await h.request('GET', '/v1/audit?before=0', undefined, as(admin));
  expect(bad.body.errors[0].path).toBe('before');
});

it('keeps every entry when many are recorded at once', async () => {
  const workspace = `audit-many-${uid()}`;
  const admin = await apiKeyFor(h, workspace, 'admin');
  const made = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      h.request('POST', '/v1/api-keys', { name: `k${i}`, role: 'ingest' }, bearer(admin)),
    ),
  );
  expect(made.map((r) => r.status)).toEqual(made.map(() => 201));
  const trail = (await h.request('GET', '/v1/audit?limit=500', undefined, bearer(admin))).body.entries;
  expect(trail.map((e: any) => e.id)).toEqual(Array.from({ length: 12 }, (_, i) => 12 - i));
  expect(new Set(trail.map((e: any) => e.subject.name))).toEqual(new Set(made.map((_, i) => `k${i}`)));
  expect((await h.request('GET', '/v1/api-keys', undefined, bearer(admin))).body.keys).toHaveLength(13);
});
