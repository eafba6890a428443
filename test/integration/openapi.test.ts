// The OpenAPI document against the API it describes: real requests to the real API (real worker, Temporal and
// FerretDB), and every answer checked against /openapi.json — its status must be listed for the operation, its
// content type documented, and its body valid against the documented schema with every object closed (a field
// the document does not name is a failure). The document is what clients and the fuzzer (`npm run fuzz`) trust.
import { Client, Connection } from '@temporalio/client';
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createApp } from '../../api/app';
import { answerClientErrorsAsProblems } from '../../api/httpLimits';
import {
  CLOCK_TIME_PATTERN,
  DATE_OR_DATE_TIME_PATTERN,
  DATE_TIME_PATTERN,
  DURATION_PATTERN,
} from '../../api/openapi/formats';
import { defaultPolicy } from '../../domain/policy';
import { counterKey } from '../../domain/reports/reportCounters';
import type { CounterTotals } from '../../domain/reports/reportCounters';
import { surveyCounterKey } from '../../domain/surveys/surveyCounterKeys';
import { topicCounterKey } from '../../domain/topics/topicCounters';
import { isClockTimeText } from '../../domain/policy/clockTime';
import { isDurationText } from '../../domain/policy/duration';
import { isoDateTime } from '../../domain/time/isoDateTime';
import { freePort } from '../../dev/childProcess';
import { createLogger } from '../../platform/logger';
import { openStorage } from '../../storage/connection';
import { signTrackingToken } from '../../platform/trackingToken';
import { readOrCreateTrackingSecret } from '../../storage/trackingSecret';
import { writeCounterTotals } from '../support/counterTotals';
import type { Harness, TestResponse } from '../support/harness';
import { apiKeyFor, createHarness, eventually, uid } from '../support/harness';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

/**
 * Checks answers against the document. Objects in the document are open (clients must tolerate new fields);
 * here every object that lists its properties is closed, so an answer with a field the document does not
 * name fails, as does one that lacks a required field or has a wrong type.
 */
class Conformance {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { template: string; regex: RegExp }[];
  private readonly components: Record<string, unknown>;
  /** `METHOD /template` → statuses seen. */
  readonly seen = new Map<string, Set<number>>();

  constructor(readonly document: Document) {
    addFormats(this.ajv);
    this.components = { schemas: closed(document.components.schemas) };
    this.templates = Object.keys(document.paths).map((template) => ({
      template,
      regex: new RegExp(`^${template.replace(/\{[^/]+\}/g, '[^/]*')}$`),
    }));
  }

  /** What is wrong with this answer, as the document sees it; empty when it conforms. */
  problems(
    method: string,
    url: string,
    res: { status: number; contentType: string; body: unknown },
  ): string[] {
    const pathname = new URL(url, 'http://x').pathname;
    const template = this.templates.find((t) => t.regex.test(pathname))?.template;
    const operation = template ? this.document.paths[template]?.[method.toLowerCase()] : undefined;
    const name = `${method.toUpperCase()} ${template ?? pathname}`;
    if (!template || !operation) return [`${name}: not an operation of the document`];
    const seen = this.seen.get(name) ?? new Set<number>();
    seen.add(res.status);
    this.seen.set(name, seen);

    const documented = operation.responses[String(res.status)];
    if (!documented) {
      return [
        `${name}: status ${res.status} is not documented (${Object.keys(operation.responses).join(', ')})`,
      ];
    }
    const mediaType = res.contentType.split(';')[0].trim();
    if (!documented.content) {
      return res.body === undefined || res.body === ''
        ? []
        : [`${name} ${res.status}: a body, none documented`];
    }
    const media = documented.content[mediaType];
    if (!media) {
      return [
        `${name} ${res.status}: content type ${mediaType || '(none)'} is not documented (${Object.keys(documented.content).join(', ')})`,
      ];
    }
    if (!mediaType.endsWith('json')) return [];
    const key = `${name} ${res.status} ${mediaType}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile({ ...closed(media.schema), components: this.components } as object);
      this.validators.set(key, validate);
    }
    if (validate(res.body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${key}: ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
    );
  }
}

/** A copy of a schema in which every object schema that lists properties allows no others. */
function closed(schema: unknown): any {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = key === 'example' ? value : closed(value);
  if (copy.properties !== undefined && copy.additionalProperties === undefined)
    copy.additionalProperties = false;
  return copy;
}

let h: Harness;
let conformance: Conformance;
let webhook: Server;

beforeAll(async () => {
  // A webhook receiver that refuses every message for good: deliveries through it end `failed`.
  webhook = createServer((_req, res) => {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('no such recipient');
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  h = await createHarness({
    deliveryEnv: {
      TUTTI_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`,
      TUTTI_WEBHOOK_SECRET: 'openapi-test',
    },
  });
  // Counters in March 2026, so that the reports answer numbers there as well as nulls elsewhere.
  await writeCounterTotals(h.storage.models, 'default', reportTotals);
  conformance = new Conformance((await (await fetch(`${h.baseUrl}/openapi.json`)).json()) as Document);
});
afterAll(async () => {
  await h?.close();
  await new Promise((resolve) => webhook?.close(resolve));
});

/** A request through the harness whose answer must conform; returns it for the test's own assertions. */
async function call(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<TestResponse> {
  const res = await h.request(method, path, body, headers);
  expectConforming(method, path, res);
  return res;
}

function expectConforming(method: string, path: string, res: TestResponse): void {
  const problems = conformance.problems(method, path, {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    body: res.body,
  });
  expect(problems, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 500)}`).toEqual(
    [],
  );
}

const event = (customerId: string, fields: Record<string, unknown> = {}) => ({
  id: `e-${uid()}`,
  customerId,
  type: 'browse',
  channel: 'web',
  ...fields,
});

it('documents every answer of POST /v1/events: taken, partly rejected, refused, unreadable, too large', async () => {
  const c = `ev-${uid()}`;
  expect((await call('POST', '/v1/events', event(c))).status).toBe(202);
  const partly = await call('POST', '/v1/events', { events: [event(c), { ...event(c), type: 'nope' }] });
  expect(partly.status).toBe(202);
  expect(partly.body.rejected).toHaveLength(1);
  const none = await call('POST', '/v1/events', { events: [{ ...event(c), channel: 'fax' }] });
  expect(none.status).toBe(400);
  expect(none.body.rejected[0].errors[0].path).toBe('events.0.channel');
  expect((await call('POST', '/v1/events', [])).status).toBe(400);
  expect((await call('POST', '/v1/events', '{"id": ')).status).toBe(400);
  expect((await call('POST', '/v1/events', 'id=1', { 'content-type': 'text/plain' })).status).toBe(415);
  expect((await call('POST', '/v1/events', event(c), { authorization: '' })).status).toBe(401);
  expect((await call('POST', '/v1/events', event(c), { authorization: 'Bearer nobody' })).status).toBe(401);
  // Larger than the largest valid batch: refused before it is read.
  const huge = JSON.stringify({ events: [event(c, { text: 'x'.repeat(30 * 2 ** 20) })] });
  expect((await call('POST', '/v1/events', huge)).status).toBe(413);
});

it('documents every answer of the contact, consent and case routes', async () => {
  const c = `cr-${uid()}`;
  const sent = await call('POST', `/v1/customers/${c}/contact-requests`, {
    id: 'r1',
    channel: 'email',
    category: 'transactional',
  });
  expect(sent.body).toMatchObject({ decision: 'sent', messageId: expect.any(String) });
  // Quiet hours, a cap or an exclusion: whichever holds now, the answer has the documented shape.
  await call('POST', `/v1/customers/${c}/contact-requests`, {
    id: 'r2',
    channel: 'email',
    category: 'promotion',
  });
  await call('POST', `/v1/customers/${c}/contact-requests`, {
    id: 'r3',
    channel: 'email',
    category: 'promotion',
  });
  const invalid = await call('POST', `/v1/customers/${c}/contact-requests`, { id: 'r4', channel: 'fax' });
  expect(invalid.status).toBe(400);
  expect(
    (await call('POST', `/v1/customers/${c}/contact-requests`, 'x', { 'content-type': 'text/plain' })).status,
  ).toBe(415);
  expect((await call('POST', '/v1/customers/not%20valid/contact-requests', { id: 'r5' })).status).toBe(400);
  expect((await call('POST', '/v1/customers//contact-requests', { id: 'r6' })).status).toBe(404);

  expect(
    (await call('PUT', `/v1/customers/${c}/consent`, { channel: 'sms', status: 'opted_out' })).status,
  ).toBe(202);
  expect((await call('PUT', `/v1/customers/${c}/consent`, { channel: 'sms', status: 'maybe' })).status).toBe(
    400,
  );
  expect(
    (await call('PUT', `/v1/customers/${c}/consent`, 'x', { 'content-type': 'text/plain' })).status,
  ).toBe(415);
  expect((await call('POST', `/v1/customers/${c}/cases/case-1/resolve`)).status).toBe(202);
  expect((await call('POST', `/v1/customers/${c}/cases/${'k'.repeat(201)}/resolve`)).status).toBe(400);
});

it('documents every answer of the policy routes', async () => {
  const current = await call('GET', '/v1/policy');
  expect(current.status).toBe(200);
  const { version: _version, ...body } = current.body;
  const member = await apiKeyFor(h, 'default', 'member');
  expect((await call('PUT', '/v1/policy', body, { authorization: `Bearer ${member}` })).status).toBe(403);
  expect((await call('PUT', '/v1/policy', { ...body, caps: 5 })).status).toBe(400);
  expect((await call('PUT', '/v1/policy', 'x', { 'content-type': 'text/plain' })).status).toBe(415);
  const published = await call('PUT', '/v1/policy', body);
  expect(published.body.version).toBe(current.body.version + 1);

  expect((await call('GET', `/v1/policy/versions/${published.body.version}`)).body).toEqual(published.body);
  expect((await call('GET', '/v1/policy/versions/1')).status).toBe(200);
  expect((await call('GET', '/v1/policy/versions/1.5')).status).toBe(400);
  expect((await call('GET', '/v1/policy/versions/999999999')).status).toBe(404);
  expect((await call('POST', '/v1/policy/validate', body)).status).toBe(200);
  expect((await call('POST', '/v1/policy/validate', { ...body, caps: 5 })).status).toBe(400);
  expect(
    (await call('POST', '/v1/policy/validate', body, { authorization: `Bearer ${member}` })).status,
  ).toBe(403);
  expect((await call('POST', '/v1/policy/validate', 'x', { 'content-type': 'text/plain' })).status).toBe(415);
});

it('documents every answer of the template routes', async () => {
  const name = `docs-${uid()}`;
  const template = {
    channel: 'email',
    subject: 'Hi {{ customer.traits.name | default: "there" }}',
    text: '{{ data.code }}',
  };
  const made = await call('PUT', `/v1/templates/${name}`, template);
  expect(made.status).toBe(201);
  expect(
    (await call('PUT', `/v1/templates/${name}`, { ...template, html: '<p>{{ data.code }}</p>' })).status,
  ).toBe(200);
  const broken = await call('PUT', `/v1/templates/${name}`, { text: 'a\n{{ x | nope }}' });
  expect(broken.status).toBe(400);
  expect(broken.body.errors[0]).toMatchObject({ path: 'text', line: 2 });
  expect((await call('PUT', '/v1/templates/Bad.Name', template)).status).toBe(400);
  expect((await call('PUT', `/v1/templates/${name}`, 'x', { 'content-type': 'text/plain' })).status).toBe(
    415,
  );
  const member = await apiKeyFor(h, 'default', 'member');
  expect(
    (await call('PUT', `/v1/templates/${name}`, template, { authorization: `Bearer ${member}` })).status,
  ).toBe(403);

  expect((await call('GET', '/v1/templates')).body.templates).toContainEqual(
    expect.objectContaining({ name, version: 2 }),
  );
  expect((await call('GET', `/v1/templates/${name}`)).body.version).toBe(2);
  expect((await call('GET', `/v1/templates/${name}?version=1`)).body.version).toBe(1);
  expect((await call('GET', `/v1/templates/${name}?version=9`)).status).toBe(404);
  expect((await call('GET', `/v1/templates/${name}?version=x`)).status).toBe(400);
  expect((await call('GET', '/v1/templates/nope')).status).toBe(404);

  const c = `tpl-${uid()}`;
  await call('POST', '/v1/events', event(c, { type: 'identify', properties: { traits: { name: 'Ada' } } }));
  await eventually(async () =>
    (await h.request('GET', `/v1/customers/${c}`)).status === 200 ? true : undefined,
  );
  const preview = await call('POST', `/v1/templates/${name}/preview`, { customerId: c });
  expect(preview.body).toMatchObject({ subject: 'Hi Ada', text: '', missing: ['data.code'] });
  expect(
    (await call('POST', `/v1/templates/${name}/preview`, { customerId: c, data: { code: 'X1' } })).body
      .missing,
  ).toEqual([]);
  expect((await call('POST', `/v1/templates/${name}/preview`, { customerId: 'nobody' })).status).toBe(404);
  expect((await call('POST', '/v1/templates/nope/preview', { customerId: c })).status).toBe(404);
  expect((await call('POST', `/v1/templates/${name}/preview`, { customerId: 5 })).status).toBe(400);
  expect(
    (await call('POST', `/v1/templates/${name}/preview`, 'x', { 'content-type': 'text/plain' })).status,
  ).toBe(415);
  await call('PUT', `/v1/templates/${name}`, { text: '{% for i in (1..1000000000) %}x{% endfor %}' });
  const tooMuch = await call('POST', `/v1/templates/${name}/preview`, { customerId: c });
  expect(tooMuch.status).toBe(422);
  expect(tooMuch.body).toMatchObject({
    reason: 'template_limit_exceeded',
    errors: [{ path: 'text', line: 1 }],
  });
});

it('documents every answer of the key routes', async () => {
  const made = await call('POST', '/v1/api-keys', { name: 'docs', role: 'ingest' });
  expect(made.status).toBe(201);
  expect((await call('POST', '/v1/api-keys', { name: 'docs', role: 'root' })).status).toBe(400);
  expect((await call('POST', '/v1/api-keys', 'x', { 'content-type': 'text/plain' })).status).toBe(415);
  expect((await call('GET', '/v1/api-keys')).body.keys.length).toBeGreaterThan(0);
  expect(
    (await call('GET', '/v1/api-keys', undefined, { authorization: `Bearer ${made.body.key}` })).status,
  ).toBe(403);
  expect((await call('DELETE', `/v1/api-keys/${made.body.id}`)).status).toBe(200);
  expect((await call('DELETE', '/v1/api-keys/key_0000000000000000')).status).toBe(404);
  expect((await call('DELETE', '/v1/api-keys/x')).status).toBe(400);
  const own = (await call('GET', '/v1/api-keys')).body.keys.find((k: any) => k.name === 'development key');
  expect((await call('DELETE', `/v1/api-keys/${own.id}`)).status).toBe(409);
  const trail = await call('GET', '/v1/audit?limit=1');
  expect(trail.body.entries).toHaveLength(1);
  expect((await call('GET', `/v1/audit?before=${trail.body.nextBefore}`)).status).toBe(200);
  expect((await call('GET', '/v1/audit?before=x')).status).toBe(400);
});

it('records engagement on the ledger row (first time of each, in any order) and in the timeline, as documented', async () => {
  const c = `eng-${uid()}`;
  const ask = (id: string, category = 'transactional') =>
    call('POST', `/v1/customers/${c}/contact-requests`, { id, channel: 'email', category });
  await call(
    'POST',
    '/v1/events',
    event(c, { type: 'identify', properties: { traits: { email: 'a@example.test' } } }),
  );
  const receipt = await ask('receipt');
  const { messageId } = receipt.body as { messageId: string };
  const engagement = (id: string, occurredAt: string, properties: Record<string, unknown>) =>
    event(c, {
      id: `${c}-${id}`,
      type: 'engagement',
      channel: 'email',
      occurredAt,
      properties: { messageId, ...properties },
    });
  const accepted = await call('POST', '/v1/events', {
    events: [
      engagement('open', '2026-11-20T10:05:00Z', { action: 'opened' }),
      engagement('open-again', '2026-11-20T10:09:00Z', { action: 'opened' }),
      engagement('proxy', '2026-11-20T10:01:00Z', { action: 'opened', machine: true }),
      engagement('delivered', '2026-11-20T10:00:30Z', { action: 'delivered' }),
      engagement('click', '2026-11-20T10:06:00Z', { action: 'clicked', url: 'https://shop.example/a' }),
      {
        ...engagement('stray', '2026-11-20T10:07:00Z', { action: 'clicked' }),
        properties: { messageId: 'not-ours', action: 'clicked' },
      },
      engagement('bounce', '2026-11-20T10:10:00Z', { action: 'bounced', bounce: 'hard' }),
    ],
  });
  expect(accepted.body).toEqual({ accepted: 7, duplicates: 0 });
  const refused = await call(
    'POST',
    '/v1/events',
    engagement('bad', '2026-11-20T10:00:00Z', { action: 'read' }),
  );
  expect(refused.status).toBe(400);
  expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['properties.action']);

  const row = await eventually(async () => {
    const res = await call('GET', `/v1/customers/${c}/ledger`);
    const found = res.body.contacts.find((x: { messageId: string }) => x.messageId === messageId);
    return found?.bouncedAt ? found : undefined;
  }, 30_000);
  expect(row).toMatchObject({
    deliveredAt: '2026-11-20T10:00:30.000Z',
    openedAt: '2026-11-20T10:05:00.000Z',
    machineOpenedAt: '2026-11-20T10:01:00.000Z',
    clickedAt: '2026-11-20T10:06:00.000Z',
    bouncedAt: '2026-11-20T10:10:00.000Z',
    bounce: 'hard',
  });

  const entries = await eventually(async () => {
    const res = await call('GET', `/v1/customers/${c}/timeline`);
    const engaged = res.body.entries.filter((e: { type?: string }) => e.type === 'engagement');
    return engaged.length === 7 ? engaged : undefined;
  }, 30_000);
  const flags = Object.fromEntries(
    entries.map((e: { eventId: string; engagement: unknown }) => [
      e.eventId.slice(c.length + 1),
      e.engagement,
    ]),
  );
  expect(flags).toEqual({
    open: { known: true, counted: true, machine: false },
    'open-again': { known: true, counted: false, machine: false },
    proxy: { known: true, counted: true, machine: true },
    delivered: { known: true, counted: true, machine: false },
    click: { known: true, counted: true, machine: false },
    stray: { known: false, counted: false, machine: false },
    bounce: { known: true, counted: true, machine: false },
  });

  const customer = await eventually(async () => {
    const res = await call('GET', `/v1/customers/${c}`);
    return res.body.unreachable ? res.body : undefined;
  });
  expect(customer.unreachable).toEqual({ email: { since: '2026-11-20T10:10:00.000Z', messageId } });
  const next = await ask('receipt-2');
  expect(next.body).toMatchObject({ decision: 'suppressed', reason: 'unreachable' });

  // A new address makes the channel reachable again; an unsubscribe then opts out of it.
  await call(
    'POST',
    '/v1/events',
    event(c, { type: 'identify', properties: { traits: { email: 'b@example.test' } } }),
  );
  const again = await ask('receipt-3');
  expect(again.body).toMatchObject({ decision: 'sent', reason: 'ok' });
  await call(
    'POST',
    '/v1/events',
    event(c, {
      type: 'engagement',
      channel: 'email',
      properties: { messageId: (again.body as { messageId: string }).messageId, action: 'unsubscribed' },
    }),
  );
  const service = await ask('parcel', 'service');
  expect(service.body).toMatchObject({ decision: 'suppressed', reason: 'opted_out' });
  await eventually(async () => {
    const res = await call('GET', `/v1/customers/${c}/ledger`);
    return res.body.contacts.find(
      (x: { requestId: string; unsubscribedAt?: string }) => x.requestId === 'receipt-3' && x.unsubscribedAt,
    );
  }, 30_000);
  // The read model follows the workflow: it drops `unreachable` once it has projected the new address.
  await eventually(async () => {
    const res = await call('GET', `/v1/customers/${c}`);
    return res.body.unreachable === undefined && res.body.consent.email === 'opted_out'
      ? res.body
      : undefined;
  });
});

it('documents every read: the customer, the at-risk list, and a timeline with every kind of entry', async () => {
  const c = `rd-${uid()}`;
  await call('POST', '/v1/events', {
    events: [
      event(c, {
        type: 'identify',
        properties: { traits: { email: 'a@example.test', timezone: 'UTC', tier: 'gold' } },
      }),
      event(c, {
        type: 'message',
        channel: 'chat',
        text: 'Awful. My parcel is lost and nobody answers. I am furious.',
      }),
      event(c, { type: 'message', channel: 'review', text: 'The staff in store were lovely, thank you!' }),
    ],
  });
  // Delivered through the outbox (email), refused for good by the webhook (sms): both show in the timeline.
  await call('POST', `/v1/customers/${c}/contact-requests`, {
    id: 'mail',
    channel: 'email',
    category: 'transactional',
  });
  await call('POST', `/v1/customers/${c}/contact-requests`, {
    id: 'text',
    channel: 'sms',
    category: 'transactional',
  });
  await call('POST', `/v1/customers/${c}/contact-requests`, {
    id: 'promo',
    channel: 'email',
    category: 'promotion',
  });

  const timeline = await eventually(async () => {
    const res = await call('GET', `/v1/customers/${c}/timeline`);
    const kinds = new Set(
      res.body.entries.map((e: { kind: string; status?: string }) => `${e.kind}:${e.status ?? ''}`),
    );
    return ['event:', 'decision:', 'journey:', 'delivery:delivered', 'delivery:failed'].every((k) =>
      kinds.has(k),
    )
      ? res.body.entries
      : undefined;
  }, 60_000);
  expect(timeline.find((e: { status?: string }) => e.status === 'failed').lastError).toMatch(/400/);

  const customer = await eventually(async () => {
    const res = await call('GET', `/v1/customers/${c}`);
    return res.status === 200 && res.body.openCases.length > 0 && res.body.journeys.length > 0
      ? res.body
      : undefined;
  });
  expect(customer.sentiment.lastAt).toEqual(expect.any(String));
  expect(
    (await call('GET', '/v1/customers?atRisk=true')).body.customers.map((x: any) => x.customerId),
  ).toContain(c);
  expect((await call('GET', '/v1/customers')).status).toBe(400);
  expect((await call('GET', '/v1/customers?atRisk=true&limit=0')).status).toBe(400);
  expect((await call('GET', `/v1/customers/nobody-${uid()}`)).status).toBe(404);
  expect((await call('GET', '/v1/customers/not%20valid')).status).toBe(400);

  const ledger = await call('GET', `/v1/customers/${c}/ledger`);
  expect(ledger.body.contacts.length).toBeGreaterThan(0);
  expect((await call('GET', `/v1/customers/${c}/ledger?limit=501`)).status).toBe(400);
  const outbox = await call('GET', `/v1/customers/${c}/outbox`);
  expect(outbox.body.messages.length).toBeGreaterThan(0);
  expect((await call('GET', `/v1/customers/${c}/outbox?limit=x`)).status).toBe(400);
  expect((await call('GET', `/v1/customers/${c}/timeline?limit=1001`)).status).toBe(400);
  expect((await call('GET', '/v1/customers//timeline')).status).toBe(404);
});

it('documents the sentiment metrics, with data, without (nss null) and refused', async () => {
  const c = `nss-${uid()}`;
  await call('POST', '/v1/events', {
    events: [
      event(c, {
        type: 'message',
        channel: 'chat',
        occurredAt: '2025-06-01T10:00:00Z',
        text: 'I love it, thank you!',
      }),
      event(c, {
        type: 'message',
        channel: 'chat',
        occurredAt: '2025-06-01T11:00:00Z',
        text: 'Awful, broken again.',
      }),
    ],
  });
  // Once both are scored and projected.
  const withData = await eventually(async () => {
    const res = await call('GET', '/v1/metrics/sentiment?from=2025-06-01&to=2025-06-02&bucket=hour');
    return res.body.series.length === 2 ? res.body : undefined;
  });
  expect(withData.nss).toEqual(expect.any(Number));
  const grouped = await call('GET', '/v1/metrics/sentiment?from=2025-06-01&to=2025-06-02&groupBy=channel');
  expect(Object.keys(grouped.body.channels)).toEqual(['chat']);
  const empty = await call('GET', '/v1/metrics/sentiment?from=2001-01-01&to=2001-01-02&channel=sms');
  expect(empty.body).toMatchObject({ nss: null, channel: 'sms', series: [] });
  expect((await call('GET', '/v1/metrics/sentiment?from=2001-01-02&to=2001-01-01')).status).toBe(400);
  expect((await call('GET', '/v1/metrics/sentiment?channel=fax')).status).toBe(400);
});

const journey = 'journey:cartRecovery' as const;
const reportTotals: CounterTotals = {
  '2026-03-10T09': {
    [counterKey.cohortEntered(journey, 'purchase', 'treatment')]: 2000,
    [counterKey.cohortConverted(journey, 'purchase', 'treatment')]: 300,
    [counterKey.cohortEntered(journey, 'purchase', 'control')]: 200,
    [counterKey.cohortConverted(journey, 'purchase', 'control')]: 20,
    [counterKey.funnelEntered('cartRecovery', 'treatment')]: 3,
    [counterKey.funnelStep('cartRecovery', 'treatment', 'firstReminder', 'reached')]: 3,
    [counterKey.funnelExit('cartRecovery', 'treatment', 'completed')]: 3,
    [counterKey.sent()]: 1,
    [counterKey.sentByChannel('email')]: 1,
    [counterKey.sentByCategory('promotion')]: 1,
    [counterKey.suppressed('holdout')]: 1,
    [surveyCounterKey('nps', 'email', 'cartRecovery', 'responses')]: 2,
    [surveyCounterKey('nps', 'email', 'cartRecovery', 'promoters')]: 1,
    [surveyCounterKey('nps', 'email', 'cartRecovery', 'detractors')]: 1,
    [surveyCounterKey('ces', 'chat', undefined, 'responses')]: 1,
    [surveyCounterKey('ces', 'chat', undefined, 'scoreSum')]: 7,
    [surveyCounterKey('ces', 'chat', undefined, 'easy')]: 1,
    [topicCounterKey.scored('chat', 'negative')]: 1,
  },
  '2026-03-10': { [counterKey.marketingPerCustomer(1)]: 1 },
};

it('documents the reports, with numbers, with nulls and refused', async () => {
  const range = 'from=2026-03-10&to=2026-03-11';
  const uplift = await call('GET', `/v1/reports/uplift?scope=${journey}&${range}`);
  expect(uplift.body.pValue).toEqual(expect.any(Number));
  const empty = await call('GET', '/v1/reports/uplift?from=2001-01-01&to=2001-01-02');
  expect(empty.body.pValue).toBeNull();
  expect((await call('GET', '/v1/reports/uplift?scope=everyone')).status).toBe(400);
  const funnel = await call('GET', `/v1/reports/journeys/cartRecovery/funnel?${range}`);
  expect(funnel.body.arms.treatment.steps).toHaveLength(1);
  expect((await call('GET', '/v1/reports/journeys/noSuchJourney/funnel')).status).toBe(404);
  expect((await call('GET', '/v1/reports/journeys/cartRecovery/funnel?to=x')).status).toBe(400);
  const pressure = await call('GET', `/v1/reports/contact-pressure?${range}&bucket=hour`);
  expect(pressure.body.marketingPerCustomer.max).toBe(1);
  const none = await call('GET', '/v1/reports/contact-pressure?from=2001-01-01&to=2001-01-02');
  expect(none.body.marketingPerCustomer).toEqual({ p50: null, p90: null, max: null });
  expect((await call('GET', '/v1/reports/contact-pressure?bucket=week')).status).toBe(400);
});

it('documents the topic metrics, with numbers, with nulls and refused', async () => {
  await writeCounterTotals(
    h.storage.models,
    'default',
    {
      '2026-04-10T09': {
        [topicCounterKey.scored('chat', 'negative')]: 2,
        [topicCounterKey.scored('chat', 'positive')]: 1,
        [topicCounterKey.mention('chat', 'delay', 'negative')]: 1,
        [topicCounterKey.event('chat', 'delay', 'negative')]: 1,
      },
    },
    'topics-fixture',
  );
  const topics = await call('GET', '/v1/metrics/topics?from=2026-04-10&to=2026-04-11&channel=chat');
  expect(topics.body.topics[0]).toMatchObject({ name: 'delay', nss: -100, nssWithout: 0, impact: 33.3 });
  const none = await call('GET', '/v1/metrics/topics?from=2001-01-01&to=2001-01-02');
  expect(none.body.topics[0]).toMatchObject({ nss: null, nssWithout: null, impact: null });
  expect((await call('GET', '/v1/metrics/topics?channel=fax')).status).toBe(400);
});

it('documents the survey metrics, with numbers, with nulls and refused', async () => {
  const range = 'from=2026-03-10&to=2026-03-11';
  const surveys = await call('GET', `/v1/metrics/surveys?${range}&bucket=hour`);
  expect(surveys.body).toMatchObject({ nps: { score: 0 }, ces: { mean: 7 }, nss: { nss: -100 } });
  expect(surveys.body.byJourney.cartRecovery.csat.score).toBeNull();
  const none = await call('GET', '/v1/metrics/surveys?from=2001-01-01&to=2001-01-02&channel=sms&journey=-');
  expect(none.body).toMatchObject({ csat: { score: null }, nss: { nss: null }, series: [] });
  expect((await call('GET', '/v1/metrics/surveys?bucket=week')).status).toBe(400);
});

it('documents the alerts, open and closed, and refused', async () => {
  const at = new Date('2026-03-10T09:00:00.000Z');
  const detail = { value: 15, mean: 0, sd: 1, threshold: 2, mentions: 15, window: '24h', baseline: '7d' };
  await h.storage.models.incidents.collection.insertMany([
    {
      _id: 'default:topic_spike:delay:2026-03-10T09',
      workspace: 'default',
      incidentId: 'topic_spike:delay:2026-03-10T09',
      kind: 'topic_spike',
      topic: 'delay',
      openedAt: at,
      closedAt: new Date(at.getTime() + 3_600_000),
      status: 'closed',
      detail: {
        ...detail,
        team: 'logistics',
        examples: [{ eventId: 'e1', text: 'Late again.', score: -0.7 }],
      },
      title: 'Spike',
      text: 'Spike',
      createdAt: at,
      updatedAt: at,
    },
    {
      _id: 'default:nss_drop:workspace:2026-03-10T09',
      workspace: 'default',
      incidentId: 'nss_drop:workspace:2026-03-10T09',
      kind: 'nss_drop',
      openedAt: at,
      status: 'open',
      detail: { ...detail, value: -20, examples: [] },
      title: 'Drop',
      text: 'Drop',
      createdAt: at,
      updatedAt: at,
    },
  ] as never[]);
  expect((await call('GET', '/v1/alerts')).body.alerts).toHaveLength(2);
  expect((await call('GET', '/v1/alerts?status=open&limit=1')).body.alerts).toHaveLength(1);
  expect((await call('GET', '/v1/alerts?status=resolved')).status).toBe(400);
});

it('documents every answer of the decision feed and its stream', async () => {
  const c = `feed-${uid()}`;
  await call('POST', `/v1/customers/${c}/contact-requests`, {
    id: 'r1',
    channel: 'email',
    category: 'transactional',
    campaign: 'docs',
  });
  const page = await eventually(async () => {
    const res = await call('GET', '/v1/decisions?campaign=docs&limit=1');
    return res.body.decisions.length === 1 ? res : undefined;
  });
  expect(page.body.decisions[0]).toMatchObject({ customerId: c, reason: 'ok', position: expect.any(String) });
  expect((await call('GET', `/v1/decisions?reason=ok&channel=email&before=${page.body.head}`)).status).toBe(
    200,
  );
  expect((await call('GET', '/v1/decisions?channel=fax')).status).toBe(400);
  expect((await call('GET', '/v1/decisions?before=x')).status).toBe(400);
  const stream = await call('GET', '/v1/decisions/stream?reason=ok', undefined, {
    'last-event-id': String(page.body.head),
  });
  expect(stream.status).toBe(200);
  expect(stream.body).toContain(`id: ${page.body.head}`);
  expect((await call('GET', '/v1/decisions/stream?channel=fax')).status).toBe(400);
  expect((await call('GET', '/v1/decisions/stream', undefined, { 'last-event-id': 'x' })).status).toBe(400);
  const ingest = await apiKeyFor(h, 'default', 'ingest');
  expect((await call('GET', '/v1/decisions', undefined, { authorization: `Bearer ${ingest}` })).status).toBe(
    403,
  );
  expect(
    (await call('GET', '/v1/decisions/stream', undefined, { authorization: `Bearer ${ingest}` })).status,
  ).toBe(403);
});

it('documents the public routes', async () => {
  for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json']) {
    const res = await h.request('GET', path, undefined, { authorization: '' });
    expectConforming('GET', path, res);
  }
});

/** The API over other dependencies than the harness's, on a random port; closed after `use`. */
async function withApi(
  deps: Partial<Parameters<typeof createApp>[0]>,
  use: (
    send: (
      method: string,
      path: string,
      body?: unknown,
      headers?: Record<string, string>,
    ) => Promise<TestResponse>,
  ) => Promise<void>,
): Promise<void> {
  const app = createApp({
    client: h.client,
    storage: h.storage,
    namespace: 'default',
    taskQueue: h.taskQueue,
    logger: createLogger('api', 'silent'),
    ...deps,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  answerClientErrorsAsProblems(server);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await use(async (method, path, body, headers = {}) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${h.apiKey}`, 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const answer = {
        status: res.status,
        headers: res.headers,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
      expectConforming(method, path, answer);
      return answer;
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

it('documents 414 and 431, on the routes behind a key and on the public ones', async () => {
  await withApi({}, async (send) => {
    const longQuery = `?q=${'x'.repeat(9 * 1024)}`;
    const bigHeader = { 'x-padding': 'x'.repeat(20 * 1024) };
    for (const path of ['/v1/policy', '/healthz']) {
      expect((await send('GET', `${path}${longQuery}`)).status).toBe(414);
      expect((await send('GET', path, undefined, bigHeader)).status).toBe(431);
    }
  });
});

it('documents 429 from a key over its rate, with Retry-After', async () => {
  await withApi({ rateLimits: { ingest: 1, member: 1, admin: 1 } }, async (send) => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => send('GET', '/v1/policy')));
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

it('documents what the API answers while Temporal cannot be reached: 503 with Retry-After', async () => {
  const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
  try {
    await withApi({ client: new Client({ connection, namespace: 'default' }) }, async (send) => {
      const c = `down-${uid()}`;
      const answers = await Promise.all([
        send('POST', '/v1/events', event(c)),
        send('POST', `/v1/customers/${c}/contact-requests`, {
          id: 'r',
          channel: 'email',
          category: 'transactional',
        }),
        send('PUT', `/v1/customers/${c}/consent`, { channel: 'sms', status: 'opted_out' }),
      ]);
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      }
    });
  } finally {
    await connection.close();
  }
});

it('answers 503 with Retry-After on every route that needs MongoDB while it cannot be reached, as documented', async () => {
  // The harness's database through a connection of its own, closed once the key is known (the API caches
  // keys): each route then meets the outage in its own reads and writes, not only in the key lookup.
  const storage = await openStorage(inject('mongoUri'), { dbName: h.storage.connection.name });
  await withApi({ storage }, async (send) => {
    expect((await send('GET', '/v1/policy')).status).toBe(200);
    await storage.close();
    expect((await send('GET', '/readyz')).status).toBe(503);
    const c = `mdown-${uid()}`;
    const requests = [
      ['POST', '/v1/events', event(c)],
      ['GET', `/v1/customers/${c}`],
      ['GET', '/v1/policy'],
      ['PUT', '/v1/policy', (({ version: _v, ...body }) => body)(defaultPolicy)],
      ['GET', '/v1/policy/versions/2'],
      ['GET', '/v1/customers?atRisk=true'],
      ['GET', `/v1/customers/${c}/ledger`],
      ['GET', `/v1/customers/${c}/timeline`],
      ['GET', `/v1/customers/${c}/outbox`],
      ['GET', '/v1/metrics/sentiment'],
      ['GET', '/v1/metrics/topics'],
      // The reports read the policy (this file's counter reader is synthetic: it needs no MongoDB).
      ['GET', '/v1/reports/uplift'],
      ['GET', '/v1/reports/journeys/cartRecovery/funnel'],
      ['PUT', `/v1/customers/${c}/consent`, { channel: 'sms', status: 'opted_out' }],
      ['POST', `/v1/customers/${c}/cases/k1/resolve`],
      ['GET', '/v1/api-keys'],
      ['POST', '/v1/api-keys', { name: 'down', role: 'ingest' }],
      ['DELETE', '/v1/api-keys/key_0000000000000000'],
      ['GET', '/v1/audit'],
      ['GET', '/v1/alerts'],
      ['GET', '/v1/decisions'],
      ['GET', '/v1/decisions/stream'],
      ['GET', '/v1/templates'],
      ['GET', '/v1/templates/down'],
      ['PUT', '/v1/templates/down', { text: 'x' }],
      ['POST', '/v1/templates/down/preview', { customerId: c }],
      // Contact requests are decided without MongoDB (hostileOutage.test.ts).
    ] as const;
    const answers = await Promise.all(requests.map(([method, path, body]) => send(method, path, body)));
    expect(answers.map((a, i) => `${requests[i][0]} ${requests[i][1]} → ${a.status}`)).toEqual(
      requests.map(([method, path]) => `${method} ${path} → 503`),
    );
    for (const answer of answers) expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

it('documents every answer of the tracking routes, which take no key', async () => {
  const c = `trk-${uid()}`;
  const sent = await call('POST', `/v1/customers/${c}/contact-requests`, {
    id: 'r1',
    channel: 'email',
    category: 'newsletter',
    content: { body: 'Read it at https://news.example/1' },
  });
  const secret = await readOrCreateTrackingSecret(h.storage.connection);
  const claims = {
    workspace: 'default',
    customerId: c,
    messageId: (sent.body as { messageId: string }).messageId,
    channel: 'email' as const,
    category: 'newsletter' as const,
  };
  const click = signTrackingToken(secret, { ...claims, kind: 'click', url: 'https://news.example/1' });
  const open = signTrackingToken(secret, { ...claims, kind: 'open' });
  const unsubscribe = signTrackingToken(secret, { ...claims, kind: 'unsubscribe' });
  /** No key, no redirects followed: the answer as a mail client gets it. */
  const hit = async (method: string, path: string, init: RequestInit = {}) => {
    const res = await fetch(`${h.baseUrl}${path}`, { method, redirect: 'manual', ...init });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    const answer = { status: res.status, headers: res.headers, body };
    expectConforming(method, path, answer);
    return answer;
  };
  const followed = await hit('GET', `/t/c/${click}`);
  expect(followed.status).toBe(302);
  expect(followed.headers.get('location')).toBe('https://news.example/1');
  expect((await hit('GET', `/t/c/${click.slice(0, -2)}`)).status).toBe(404);
  expect((await hit('GET', `/t/o/${open}.gif`)).status).toBe(200);
  expect((await hit('GET', `/t/o/${click}.gif`)).status).toBe(404);
  expect((await hit('GET', `/t/u/${unsubscribe}`)).status).toBe(200);
  expect((await hit('GET', `/t/u/${open}`)).status).toBe(404);
  const done = await hit('POST', `/t/u/${unsubscribe}`, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(done.status).toBe(200);
  expect((await hit('POST', '/t/u/not.atoken')).status).toBe(404);
});

it('fails an answer the document does not describe', () => {
  const problemsOf = (
    method: string,
    path: string,
    status: number,
    body: unknown,
    contentType = 'application/json',
  ) => conformance.problems(method, path, { status, contentType, body });
  expect(problemsOf('POST', '/v1/events', 418, {})).not.toEqual([]);
  expect(problemsOf('POST', '/v1/events', 202, { accepted: 1, duplicates: 0 }, 'text/html')).not.toEqual([]);
  expect(problemsOf('POST', '/v1/events', 202, { accepted: 1 })).not.toEqual([]);
  expect(problemsOf('POST', '/v1/events', 202, { accepted: 1, duplicates: 0, extra: true })).not.toEqual([]);
  const entry = {
    kind: 'delivery',
    at: '2026-01-01T00:00:00.000Z',
    messageId: 'm',
    status: 'delivered',
    adapter: 'outbox',
    attempts: 1,
  };
  expect(problemsOf('GET', '/v1/customers/c/timeline', 200, { customerId: 'c', entries: [entry] })).toEqual(
    [],
  );
  expect(
    problemsOf('GET', '/v1/customers/c/timeline', 200, {
      customerId: 'c',
      entries: [{ ...entry, kind: 'gossip' }],
    }),
  ).not.toEqual([]);
  expect(
    problemsOf('GET', '/v1/customers/c/timeline', 200, {
      customerId: 'c',
      entries: [{ ...entry, at: 'yesterday' }],
    }),
  ).not.toEqual([]);
  expect(problemsOf('DELETE', '/v1/policy', 200, {})).not.toEqual([]);
});

it('gives text formats the patterns the API checks them with', () => {
  const matches = (pattern: string) => (text: string) => new RegExp(pattern, 'u').test(text);
  const near = (alphabet: string) => fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 12 });
  fc.assert(
    fc.property(near('0123456789smhd:x'), (text) => {
      expect(matches(DURATION_PATTERN)(text)).toBe(isDurationText(text));
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(near('0123456789:'), (text) => {
      expect(matches(CLOCK_TIME_PATTERN)(text)).toBe(isClockTimeText(text));
    }),
    { numRuns: 2000 },
  );
  // The parser also refuses impossible dates (2026-02-30): whatever it accepts, the pattern must.
  const accepts = (schema: ReturnType<typeof isoDateTime>) => (text: string) =>
    schema.safeParse(text).success;
  const samples = fc.oneof(
    fc
      .date({ noInvalidDate: true, min: new Date('1000-01-01'), max: new Date('9999-12-31') })
      .map((d) => d.toISOString()),
    fc
      .date({ noInvalidDate: true, min: new Date('1000-01-01'), max: new Date('9999-12-31') })
      .map((d) => d.toISOString().slice(0, 16) + '+05:30'),
    fc
      .date({ noInvalidDate: true, min: new Date('1000-01-01'), max: new Date('9999-12-31') })
      .map((d) => d.toISOString().slice(0, 10)),
    near('0123456789-T:Z+.'),
  );
  fc.assert(
    fc.property(samples, (text) => {
      if (accepts(isoDateTime('t'))(text)) expect(matches(DATE_TIME_PATTERN)(text)).toBe(true);
      if (accepts(isoDateTime('t', { allowDate: true }))(text))
        expect(matches(DATE_OR_DATE_TIME_PATTERN)(text)).toBe(true);
    }),
    { numRuns: 2000 },
  );
});

it('exercised every documented operation', () => {
  const operations = Object.entries(conformance.document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
  expect(operations.filter((op) => !conformance.seen.has(op))).toEqual([]);
});
