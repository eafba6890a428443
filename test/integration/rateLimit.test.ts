// Rate limits per key (issue #15, item 3), on the real API: a flood from one key gets 429 problem+json with
// Retry-After and RateLimit-* headers, while another key of the same workspace and role is still served.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Harness } from '../support/harness';
import { apiKeyFor, bearer, createHarness, uid } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ rateLimits: { ingest: 5, member: 5, admin: 1000 } });
});
afterAll(async () => {
  await h?.close();
});

const event = () => ({ id: `e-${uid()}`, customerId: `rl-${uid()}`, type: 'browse', channel: 'web' });

it('refuses a flood from one key with 429, and serves another key meanwhile', async () => {
  const flooding = await apiKeyFor(h, 'default', 'ingest');
  const other = await apiKeyFor(h, 'default', 'ingest');
  // 5 per second and a burst of 5 more: of 40 at once, about 10 pass — a few more on a machine so busy that
  // the flood spans several seconds, so the bound counts the seconds it took.
  const started = Date.now();
  const flood = await Promise.all(
    Array.from({ length: 40 }, () => h.request('POST', '/v1/events', event(), bearer(flooding))),
  );
  const seconds = Math.ceil((Date.now() - started) / 1000);
  const refused = flood.filter((res) => res.status === 429);
  expect(flood.filter((res) => res.status === 202).length).toBeLessThanOrEqual(5 * (seconds + 1) + 5);
  expect(refused.length).toBeGreaterThanOrEqual(40 - 5 * (seconds + 1) - 5);
  expect(refused.length).toBeGreaterThan(0);
  const [first] = refused;
  expect(first.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(first.body).toMatchObject({ status: 429, type: 'urn:tutti:problem:rate-limited' });
  expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(first.headers.get('ratelimit-limit')).toBe('5');
  expect(first.headers.get('ratelimit-remaining')).toBe('0');
  expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(0);

  const served = await h.request('POST', '/v1/events', event(), bearer(other));
  expect(served.status).toBe(202);
  expect(Number(served.headers.get('ratelimit-remaining'))).toBe(4);

  // After Retry-After, the flooding key is served again.
  await new Promise((r) => setTimeout(r, Number(first.headers.get('retry-after')) * 1000));
  expect((await h.request('POST', '/v1/events', event(), bearer(flooding))).status).toBe(202);
});
