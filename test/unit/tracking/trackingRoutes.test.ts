import express from 'express';
import type { ErrorRequestHandler } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpProblem, sendProblem } from '../../../api/problem';
import { trackingRouter } from '../../../api/routes/tracking';
import type { CustomerEvent } from '../../../domain/events/customerEvent';
import { createLogger } from '../../../platform/logger';
import { signTrackingToken } from '../../../platform/trackingToken';

// The routes' own rules, against a recording stand-in for ingestion (end to end: test/integration/tracking.test.ts).
const SECRET = 'a-test-secret-of-at-least-32-characters';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const claims = {
  workspace: 'acme',
  customerId: 'c-1',
  messageId: 'msg-1',
  channel: 'email' as const,
  category: 'promotion' as const,
};
const click = signTrackingToken(SECRET, { ...claims, kind: 'click', url: 'https://shop.example/a' });
const unsubscribe = signTrackingToken(SECRET, { ...claims, kind: 'unsubscribe' });

let ingested: { workspace: string; events: CustomerEvent[] }[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(
    trackingRouter({
      ingestEvents: (workspace, events) => {
        ingested.push({ workspace, events });
        return Promise.resolve({ accepted: events.length, duplicates: 0 });
      },
      secret: () => Promise.resolve(SECRET),
      logger: createLogger('test', 'silent'),
      hitsPerSecond: 3,
    }),
  );
  const problems: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    void _next;
    if (error instanceof HttpProblem) sendProblem(res, error);
    else res.status(500).end();
  };
  app.use(problems);
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
});
beforeEach(async () => {
  // A fresh second for the limiter, and no hits left over.
  await new Promise((r) => setTimeout(r, 1100));
  ingested = [];
});

const hit = (path: string, init: RequestInit = {}, userAgent = BROWSER) =>
  fetch(`${base}${path}`, { redirect: 'manual', ...init, headers: { 'user-agent': userAgent } });
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('the tracking routes', () => {
  it('record a click of the token’s workspace and customer, and a HEAD or a scanner’s as machine', async () => {
    expect((await hit(`/t/c/${click}`)).status).toBe(302);
    expect((await hit(`/t/c/${click}`, { method: 'HEAD' })).status).toBe(302);
    expect((await hit(`/t/c/${click}`, {}, 'curl/8.4.0')).status).toBe(302);
    await settle();
    expect(ingested.map((i) => i.workspace)).toEqual(['acme', 'acme', 'acme']);
    expect(ingested.map((i) => i.events[0].properties)).toEqual([
      { messageId: 'msg-1', action: 'clicked', url: 'https://shop.example/a' },
      { messageId: 'msg-1', action: 'clicked', url: 'https://shop.example/a', machine: true },
      { messageId: 'msg-1', action: 'clicked', url: 'https://shop.example/a', machine: true },
    ]);
    expect(ingested[0].events[0]).toMatchObject({ customerId: 'c-1', type: 'engagement', channel: 'email' });
  });

  it('past the limit of an address, still redirect but record nothing, and refuse a one-click POST with 429', async () => {
    for (let i = 0; i < 5; i++) expect((await hit(`/t/c/${click}`)).status).toBe(302);
    await settle();
    expect(ingested).toHaveLength(3);
    const refused = await hit(`/t/u/${unsubscribe}`, { method: 'POST' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(ingested).toHaveLength(3);
  });

  it('take a token only on the route of its kind', async () => {
    expect((await hit(`/t/u/${click}`, { method: 'POST' })).status).toBe(404);
    expect((await hit(`/t/o/${unsubscribe}.gif`)).status).toBe(404);
    expect((await hit(`/t/c/${unsubscribe}`)).status).toBe(404);
    await settle();
    expect(ingested).toEqual([]);
  });
});
