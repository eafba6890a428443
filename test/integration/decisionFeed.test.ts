// The decision feed (issue #12, item 5) through the real API, worker, Temporal and FerretDB: decisions made by
// customer workflows for contact requests show up across customers, newest first, filtered and paged by
// `GET /v1/decisions`, and live on `GET /v1/decisions/stream`, which a reconnect with Last-Event-ID resumes
// without a gap or a repeat — read with the dashboard's own fetch-based client.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FeedDecision as StoredDecision } from '../../domain/decisions/decisionFeed';
import { endDecisionStreams, MAX_CATCH_UP_ENTRIES } from '../../api/routes/decisionsStream';
import { appendToDecisionFeed } from '../../storage/decisionFeed';
import { appendToHotLog, lastLogNumber } from '../../storage/numberedLog';
import { followDecisions } from '../../web/src/live/followDecisions';
import { SseParser } from '../../web/src/live/sse';
import type { LiveState } from '../../web/src/live/followDecisions';
import type { FeedDecision } from '../../web/src/api/types';
import type { Harness } from '../support/harness';
import { apiKeyFor, bearer, createHarness, eventually, uid } from '../support/harness';

let h: Harness;
let workspace: string;
let key: string;
beforeAll(async () => {
  h = await createHarness();
  workspace = `feed-${uid()}`;
  key = await apiKeyFor(h, workspace, 'member');
});
afterAll(async () => {
  await h?.close();
});

const as = () => bearer(key);

async function contact(customerId: string, body: Record<string, unknown>) {
  const res = await h.request(
    'POST',
    `/v1/customers/${customerId}/contact-requests`,
    { id: `r-${uid()}`, ...body },
    as(),
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { decision: string; reason: string; messageId: string };
}

async function page(query = '') {
  const res = await h.request('GET', `/v1/decisions${query}`, undefined, as());
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as {
    decisions: FeedDecision[];
    nextBefore: string | null;
    truncated: boolean;
    head: number;
  };
}

/** Follows the stream with the dashboard's client until `until` holds of what arrived, then stops. */
async function follow(
  query: string,
  lastEventId: string,
  until: (seen: FeedDecision[]) => boolean,
  whileOpen: () => Promise<void> = () => Promise.resolve(),
  delay?: (attempt: number) => number,
) {
  const controller = new AbortController();
  const seen: FeedDecision[] = [];
  const states: LiveState[] = [];
  // The id the client would resume after: what it learned from the stream.
  let lastId = lastEventId;
  let resolveLive = (): void => undefined;
  const live = new Promise<void>((r) => (resolveLive = r));
  const done = followDecisions({
    url: `${h.baseUrl}/v1/decisions/stream${query}`,
    key,
    lastEventId,
    signal: controller.signal,
    onDecisions: (decisions) => {
      seen.push(...decisions);
      if (until(seen)) controller.abort();
    },
    onPosition: (id) => (lastId = id),
    delay,
    onState: (state) => {
      states.push(state);
      if (state === 'live') resolveLive();
    },
  });
  await live;
  await whileOpen();
  const timer = setTimeout(() => controller.abort(), 30_000);
  await done;
  clearTimeout(timer);
  return { seen, states, lastId };
}

it('lists the newest decisions across customers with their reasons, filtered and paged, each once', async () => {
  const [a, b, c] = ['a', 'b', 'c'].map((x) => `feed-${x}-${uid()}`);
  for (const customer of [a, b, c]) {
    expect(
      await contact(customer, { channel: 'email', category: 'transactional', campaign: 'receipts' }),
    ).toMatchObject({
      decision: 'sent',
      reason: 'ok',
    });
  }
  expect(await contact(a, { channel: 'sms', category: 'service', campaign: 'care' })).toMatchObject({
    reason: 'ok',
  });
  const consent = await h.request(
    'PUT',
    `/v1/customers/${a}/consent`,
    { channel: 'sms', status: 'opted_out' },
    as(),
  );
  expect(consent.status).toBe(202);
  await eventually(async () => {
    const res = await h.request('GET', `/v1/customers/${a}`, undefined, as());
    return JSON.stringify(res.body?.consent ?? {}).includes('opted_out') ? true : undefined;
  });
  const heldBack = await contact(a, { channel: 'sms', category: 'promotion', campaign: 'care' });
  expect(heldBack).toMatchObject({ decision: 'suppressed', reason: 'opted_out' });

  const all = await eventually(async () => {
    const p = await page();
    return p.decisions.length === 5 ? p : undefined;
  });
  expect(all.truncated).toBe(false);
  expect(all.nextBefore).toBeNull();
  expect(all.head).toBeGreaterThanOrEqual(1);
  expect(new Set(all.decisions.map((d) => d.customerId))).toEqual(new Set([a, b, c]));
  // Newest first: a's sms promotion, held back, was decided last.
  expect(all.decisions[0]).toMatchObject({
    customerId: a,
    decision: 'suppressed',
    reason: 'opted_out',
    channel: 'sms',
    category: 'promotion',
    campaign: 'care',
    trigger: 'request',
  });
  const positions = all.decisions.map((d) => d.position!.split('.').map(Number));
  const sorted = [...positions].sort(([n1, i1], [n2, i2]) => n2 - n1 || i2 - i1);
  expect(positions).toEqual(sorted);

  // Filters: a reason, a reason family, a channel, a campaign, and all at once.
  expect((await page('?reason=opted_out')).decisions.map((d) => d.id)).toEqual([all.decisions[0].id]);
  expect((await page('?reason=frequency_cap')).decisions).toEqual([]);
  expect((await page('?reason=ok')).decisions).toHaveLength(4);
  expect((await page('?channel=sms')).decisions.map((d) => d.customerId)).toEqual([a, a]);
  expect((await page('?campaign=receipts')).decisions).toHaveLength(3);
  expect((await page('?channel=email&campaign=care')).decisions).toEqual([]);

  // Pages of two by the cursor: together exactly the whole list, in order.
  const pages: FeedDecision[] = [];
  let before: string | null | undefined;
  do {
    const p = await page(`?limit=2${before ? `&before=${before}` : ''}`);
    pages.push(...p.decisions);
    before = p.nextBefore;
  } while (before);
  expect(pages.map((d) => d.id)).toEqual(all.decisions.map((d) => d.id));

  // Another workspace sees none of them.
  const other = await h.request(
    'GET',
    '/v1/decisions?campaign=care',
    undefined,
    bearer(await apiKeyFor(h, `other-${uid()}`)),
  );
  expect(other.body.decisions).toEqual([]);

  // A batch appended again (a retried activity whose first append landed) is shown once.
  const { position: _position, ...again } = all.decisions[0];
  await appendToDecisionFeed(h.storage.models, workspace, [again as StoredDecision]);
  const after = await page('?channel=sms');
  expect(after.decisions.map((d) => d.id)).toEqual([again.id, all.decisions[1].id]);
  expect(after.head).toBe(all.head + 1);
});

it('refuses a filter, a limit or a cursor it cannot read, naming the field', async () => {
  const cases: [string, string][] = [
    ['?reason=Open%20Case', 'reason'],
    ['?reason=', 'reason'],
    ['?channel=fax', 'channel'],
    [`?campaign=${'x'.repeat(129)}`, 'campaign'],
    ['?campaign=a&campaign=b', 'campaign'],
    ['?limit=0', 'limit'],
    ['?before=0', 'before'],
    ['?before=3.x', 'before'],
  ];
  for (const [query, field] of cases) {
    const res = await h.request('GET', `/v1/decisions${query}`, undefined, as());
    expect(res.status, query).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(
      res.body.errors.map((e: { path: string }) => e.path),
      query,
    ).toContain(field);
  }
  const stream = await h.request('GET', '/v1/decisions/stream?channel=fax', undefined, as());
  expect(stream.status).toBe(400);
  const badId = await h.request('GET', '/v1/decisions/stream', undefined, {
    ...as(),
    'last-event-id': 'abc',
  });
  expect(badId.status).toBe(400);
  expect(badId.body.errors[0].path).toBe('Last-Event-ID');
  const ingest = await apiKeyFor(h, workspace, 'ingest');
  expect((await h.request('GET', '/v1/decisions', undefined, bearer(ingest))).status).toBe(403);
});

it('streams new decisions live, and resumes after a reconnect with Last-Event-ID without gaps or repeats', async () => {
  const customer = `feed-live-${uid()}`;
  const { head } = await page();

  // Live: a decision made while the stream is open arrives on it.
  const first = await follow(
    '',
    String(head),
    (seen) => seen.some((d) => d.customerId === customer),
    async () => {
      await contact(customer, { channel: 'email', category: 'transactional', campaign: 'live-1' });
    },
  );
  expect(first.states).toContain('live');
  expect(first.seen.filter((d) => d.customerId === customer).map((d) => d.campaign)).toEqual(['live-1']);
  const resumeFrom = first.lastId;

  // Away: two decisions while no stream is open, one of them on sms.
  await contact(customer, { channel: 'email', category: 'transactional', campaign: 'away-1' });
  await contact(customer, { channel: 'sms', category: 'service', campaign: 'away-2' });
  await eventually(async () => ((await page(`?campaign=away-2`)).decisions.length === 1 ? true : undefined));

  // Back with the last id seen: both, in the order made, and not the one seen before.
  const back = await follow('', resumeFrom, (seen) => seen.some((d) => d.campaign === 'away-2'));
  expect(back.seen.filter((d) => d.customerId === customer).map((d) => d.campaign)).toEqual([
    'away-1',
    'away-2',
  ]);

  // From the start of this test with a filter: only what matches, each once.
  const filtered = await follow('?channel=sms', String(head), (seen) =>
    seen.some((d) => d.campaign === 'away-2'),
  );
  expect(filtered.seen.map((d) => d.campaign)).toEqual(['away-2']);
});

it('reconnects by itself when the server ends the stream, and goes on where it was', async () => {
  const customer = `feed-cut-${uid()}`;
  const { head } = await page();
  const run = await follow(
    '',
    String(head),
    (seen) => seen.some((d) => d.campaign === 'after-cut'),
    async () => {
      await contact(customer, { channel: 'email', category: 'transactional', campaign: 'before-cut' });
      await eventually(async () =>
        (await page('?campaign=before-cut')).decisions.length === 1 ? true : undefined,
      );
      // As a replica shutting down does: every stream it serves ends.
      endDecisionStreams();
      await contact(customer, { channel: 'email', category: 'transactional', campaign: 'after-cut' });
    },
    () => 100,
  );
  expect(run.states).toContain('reconnecting');
  expect(run.states.filter((s) => s === 'live').length).toBeGreaterThanOrEqual(2);
  expect(run.seen.filter((d) => d.customerId === customer).map((d) => d.campaign)).toEqual([
    'before-cut',
    'after-cut',
  ]);
});

it('keeps a storm of decisions across customers, each once, in fewer appends than calls', async () => {
  const { head } = await page();
  const customers = Array.from({ length: 30 }, (_, i) => `feed-storm-${i}-${uid()}`);
  // All at once, as a storm comes; a 503 (Temporal busy on two cores) is sent again with the same id.
  await Promise.all(
    customers.map(async (c) => {
      const body = { id: `storm-${c}`, channel: 'email', category: 'transactional', campaign: 'storm' };
      for (;;) {
        const res = await h.request('POST', `/v1/customers/${c}/contact-requests`, body, as());
        if (res.status === 200) return;
        expect(res.status).toBe(503);
      }
    }),
  );
  const all = await eventually(async () => {
    const p = await page('?campaign=storm&limit=500');
    return p.decisions.length === 30 ? p : undefined;
  });
  expect(new Set(all.decisions.map((d) => d.customerId))).toEqual(new Set(customers));
  expect(new Set(all.decisions.map((d) => d.id)).size).toBe(30);
  // Appends that arrived while one was in flight went together: fewer entries than recordDecisions calls.
  expect(all.head - head).toBeLessThan(30);
});

it('ends the stream of a key revoked meanwhile, and the client stops on the 401 that follows', async () => {
  const admin = await apiKeyFor(h, workspace, 'admin');
  const made = await h.request('POST', '/v1/api-keys', { name: 'watcher', role: 'member' }, bearer(admin));
  expect(made.status).toBe(201);
  const controller = new AbortController();
  const states: string[] = [];
  let unauthorized = '';
  let resolveLive = (): void => undefined;
  const live = new Promise<void>((r) => (resolveLive = r));
  const done = followDecisions({
    url: `${h.baseUrl}/v1/decisions/stream`,
    key: made.body.key as string,
    lastEventId: '',
    signal: controller.signal,
    onDecisions: () => undefined,
    onState: (state) => {
      states.push(state);
      if (state === 'live') resolveLive();
    },
    onUnauthorized: (detail) => (unauthorized = detail),
    delay: () => 100,
  });
  await live;
  const revokedAt = Date.now();
  expect((await h.request('DELETE', `/v1/api-keys/${made.body.id}`, undefined, bearer(admin))).status).toBe(
    200,
  );
  const timer = setTimeout(() => controller.abort(), 20_000);
  await done;
  clearTimeout(timer);
  expect(Date.now() - revokedAt).toBeLessThan(8_000);
  expect(unauthorized).toMatch(/revoked/);
  expect(states.at(-1)).toBe('stopped');
});

it('numbers a hot log without holes, even when its entries vanish under the process (a restored database)', async () => {
  const scope = `hot-${uid()}`;
  const models = h.storage.models;
  const append = () => appendToHotLog(models, 'decisionFeed', scope, { decisions: [] }, { headEvery: 4 });
  expect([await append(), await append(), await append()]).toEqual([1, 2, 3]);
  // The head hint trails (moved at 1, then every 4th), and readers probe past it.
  expect(await lastLogNumber(models, 'decisionFeed', scope)).toBe(3);
  await models.decisionFeed.deleteMany({ scope });
  await models.logHeads.deleteOne({ _id: `decisionFeed:${scope}` });
  expect(await append()).toBe(1);
  // Another process took the next number meanwhile: this one takes the one after, no hole, no overwrite.
  await models.decisionFeed.create({
    _id: `${scope}:2`,
    scope,
    n: 2,
    at: new Date(),
    entry: { decisions: [] },
  });
  expect(await append()).toBe(3);
});

it('skips a reconnect more than 1,000 entries behind ahead, with a gap event the page reloads on', async () => {
  const gapKey = await apiKeyFor(h, `gap-${uid()}`, 'member');
  const gapWorkspace = (await h.request('GET', '/app/session', undefined, bearer(gapKey))).body
    .workspace as string;
  for (let i = 0; i < MAX_CATCH_UP_ENTRIES + 5; i++) {
    await appendToHotLog(h.storage.models, 'decisionFeed', gapWorkspace, { decisions: [] });
  }
  const res = await fetch(`${h.baseUrl}/v1/decisions/stream`, {
    headers: { ...bearer(gapKey), 'last-event-id': '2' },
  });
  const reader = res.body!.getReader();
  const parser = new SseParser();
  const events: { type: string; data: string }[] = [];
  while (events.length === 0) {
    const { value } = await reader.read();
    events.push(...parser.push(new TextDecoder().decode(value)));
  }
  await reader.cancel();
  expect(events[0]).toEqual({
    type: 'gap',
    data: JSON.stringify({ after: 2, resumedAt: 5 }),
    lastEventId: '5',
  });
});

it('opens a stream at the head with its position as the first id, and keeps it open', async () => {
  const controller = new AbortController();
  const res = await fetch(`${h.baseUrl}/v1/decisions/stream`, { headers: as(), signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const reader = res.body!.getReader();
  const { value } = await reader.read();
  const opening = new TextDecoder().decode(value);
  const { head } = await page();
  expect(opening).toMatch(new RegExp(`^retry: \\d+\\nid: ${head}\\n`));
  controller.abort();
});
