import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { answerClientErrorsAsProblems, MAX_URL_LENGTH } from '../../api/httpLimits';
import { createLogger } from '../../platform/logger';
import type { Harness, TestResponse } from '../support/harness';
import { apiKeyFor, createHarness, eventually, uid, zoneWhereItIs } from '../support/harness';

// The hostile payloads of issue #17, item 3, each through the real API, worker and servers: every one is
// either a 4xx problem naming the field and the rule, or taken and stored safely, and never costs the valid
// events beside it nor the customer's later ones.

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const PROBLEM_JSON = /^application\/problem\+json/;

/** A JSON body as text, for what JSON.stringify cannot write (`1e400`) or would write differently. */
const post = (path: string, text: string) => h.request('POST', path, text);

const event = (customerId: string, id: string, extra: Record<string, unknown> = {}) => ({
  id,
  customerId,
  type: 'purchase',
  channel: 'web',
  ...extra,
});

/** An event's JSON with one raw member appended (`"properties":{"amount":1e400}`). */
const withRaw = (value: object, member: string): string => JSON.stringify(value).replace(/}$/, `,${member}}`);

/** `{"a":{"a":…}}`, `levels` objects deep, as JSON text. */
const nestedText = (levels: number, leaf = '1') => '{"a":'.repeat(levels) + leaf + '}'.repeat(levels);

function expectProblem(res: TestResponse, status: number, path?: string, message?: RegExp): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(PROBLEM_JSON);
  expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  if (path !== undefined) {
    expect(res.body.errors).toContainEqual({
      path,
      message: message ? expect.stringMatching(message) : expect.any(String),
    });
  }
}

async function customerWhen(customerId: string, ready: (body: any) => boolean) {
  return eventually(
    async () => {
      const res = await h.request('GET', `/v1/customers/${customerId}`);
      return res.status === 200 && ready(res.body) ? res.body : undefined;
    },
    30_000,
    `customer ${customerId}`,
  );
}

async function eventEntry(customerId: string, eventId: string) {
  return eventually(async () => {
    const res = await h.request('GET', `/v1/customers/${customerId}/timeline`);
    return (res.body?.entries as any[] | undefined)?.find((e) => e.kind === 'event' && e.eventId === eventId);
  });
}

describe('(a) contact request ids named like members of every JavaScript object', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'a transactional request %j is decided, delivered, and answered the same when sent again',
    async (requestId) => {
      const customerId = `c-${uid()}`;
      const request = {
        id: requestId,
        channel: 'email',
        category: 'transactional',
        campaign: 'receipt',
        content: { subject: 'Your receipt', body: 'Thanks!' },
      };
      const first = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, request);
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body).toMatchObject({
        requestId,
        decision: 'sent',
        reason: 'ok',
        messageId: expect.any(String),
      });

      const again = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, request);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);

      const outbox = await eventually(async () => {
        const res = await h.request('GET', `/v1/customers/${customerId}/outbox`);
        return res.body?.messages?.length > 0 ? res.body.messages : undefined;
      });
      expect(outbox).toHaveLength(1);
      expect(outbox[0]).toMatchObject({ messageId: first.body.messageId, requestId });
    },
  );
});

describe('(a) customer ids named like members of every JavaScript object', () => {
  it('are customers like any other: events applied, requests decided, reads answered', async () => {
    // A workspace of its own: workflow ids are per workspace and customer, and the Temporal server is shared.
    const headers = { authorization: `Bearer ${await apiKeyFor(h, `ws-${uid()}`)}` };
    const ids = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const res = await h.request(
      'POST',
      '/v1/events',
      { events: ids.map((customerId) => event(customerId, `e-${customerId}`)) },
      headers,
    );
    expect(res.body).toEqual({ accepted: 4, duplicates: 0 });
    for (const customerId of ids) {
      const customer = await eventually(async () => {
        const got = await h.request('GET', `/v1/customers/${customerId}`, undefined, headers);
        return got.status === 200 && got.body.counts.events === 1 ? got.body : undefined;
      });
      expect(customer).toMatchObject({ customerId, counts: { purchase: 1 } });
      const answer = await h.request(
        'POST',
        `/v1/customers/${customerId}/contact-requests`,
        { id: 'r-1', channel: 'email', category: 'transactional' },
        headers,
      );
      expect(answer.body).toMatchObject({ requestId: 'r-1', decision: 'sent' });
    }
  });
});

describe('(b, c) free-form properties and traits', () => {
  it('takes the valid events of a batch and lists each hostile one with its field and rule', async () => {
    const customerId = `c-${uid()}`;
    const e = (n: string, extra: Record<string, unknown> = {}) =>
      event(customerId, `${customerId}-${n}`, extra);
    const items = [
      // 0: an ordinary cart — a nested array — is taken.
      JSON.stringify(
        e('cart', {
          type: 'cart_updated',
          properties: {
            cartId: 'k1',
            items: [
              ['sku-1', 2],
              ['sku-2', 1],
            ],
          },
        }),
      ),
      // 1: keys storage cannot hold as they are ($, .) are taken too.
      JSON.stringify(e('keys', { properties: { orderId: 'o-1', $discount: 5, 'price.total': 12.5 } })),
      // 2–4: numbers JSON reads as ±Infinity.
      withRaw(e('inf'), '"properties":{"amount":1e400}'),
      withRaw(e('neg-inf'), '"properties":{"lines":[{"amount":-1e400}]}'),
      // 4: a NUL in a key.
      JSON.stringify(e('nul', { properties: { 'bad\u0000key': 1 } })),
      // 5: 10,000 levels of nesting (60 KB: over the size limit too, refused for the depth first).
      withRaw(e('deep'), `"properties":${nestedText(10_000)}`),
      // 6: traits nested 2,000 levels (12 KiB, inside the size limit): the poison pill of the issue.
      withRaw(e('traits', { type: 'identify' }), `"properties":{"traits":${nestedText(2_000, '"x"')}}`),
      // 7: a plain purchase.
      JSON.stringify(e('plain', { properties: { orderId: 'o-2', amount: 20 } })),
    ];
    const res = await post('/v1/events', `{"events":[${items.join(',')}]}`);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ accepted: 3, duplicates: 0 });
    const errorsAt = (index: number) => res.body.rejected.find((r: any) => r.index === index)?.errors;
    expect(res.body.rejected.map((r: any) => r.index)).toEqual([2, 3, 4, 5, 6]);
    expect(errorsAt(2)).toEqual([
      { path: 'events.2.properties.amount', message: expect.stringMatching(/finite number/) },
    ]);
    expect(errorsAt(3)).toEqual([
      { path: 'events.3.properties.lines.0.amount', message: expect.stringMatching(/finite number/) },
    ]);
    expect(errorsAt(4)).toEqual([
      { path: 'events.4.properties.bad\u0000key', message: expect.stringMatching(/NUL/) },
    ]);
    expect(errorsAt(5)[0].message).toBe('nests deeper than 32 levels');
    expect(errorsAt(6)[0]).toMatchObject({
      path: expect.stringMatching(/^events\.6\.properties\.traits(\.a)+$/),
      message: 'nests deeper than 32 levels',
    });

    // The valid ones were applied, and stored as they were sent.
    const customer = await customerWhen(customerId, (c) => c.counts.events === 3);
    expect(customer.counts).toMatchObject({ cart_updated: 1, purchase: 2 });
    expect((await eventEntry(customerId, `${customerId}-cart`)).properties).toEqual({
      cartId: 'k1',
      items: [
        ['sku-1', 2],
        ['sku-2', 1],
      ],
    });
    expect((await eventEntry(customerId, `${customerId}-keys`)).properties).toEqual({
      orderId: 'o-1',
      $discount: 5,
      'price.total': 12.5,
    });

    // The customer is not poisoned: a later event is applied and shown.
    expect((await h.request('POST', '/v1/events', e('later', { type: 'browse' }))).status).toBe(202);
    await customerWhen(customerId, (c) => c.counts.events === 4 && c.counts.browse === 1);
  });

  it('answers a single hostile event with a 400 naming the field, not a 500', async () => {
    const customerId = `c-${uid()}`;
    for (const [member, path, message] of [
      ['"properties":{"x":1e400}', 'properties.x', /finite number/],
      [`"properties":${nestedText(10_000)}`, 'properties' + '.a'.repeat(32), /deeper than 32/],
      ['"properties":{"__proto__":{"admin":true}}', 'properties.__proto__', /not allowed as a key/],
    ] as const) {
      const res = await post('/v1/events', withRaw(event(customerId, `e-${uid()}`), member));
      expectProblem(res, 400, path, message);
    }
  });

  it('takes traits 32 levels deep, and stores them', async () => {
    const customerId = `c-${uid()}`;
    const traits = JSON.parse(`{"tier":"gold","profile":${nestedText(30, '"deep"')}}`);
    const res = await h.request(
      'POST',
      '/v1/events',
      event(customerId, `e-${uid()}`, { type: 'identify', properties: { traits } }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const customer = await customerWhen(customerId, (c) => c.counts.events === 1);
    expect(customer.traits).toEqual(traits);
  });

  it('keeps what a string may hold (a NUL, any Unicode) and an empty key, as sent', async () => {
    const customerId = `c-${uid()}`;
    const id = `${customerId}-odd`;
    const properties = { '': 'empty key', note: 'a\u0000b', emoji: '🎉 ça' };
    const res = await h.request('POST', '/v1/events', {
      ...event(customerId, id),
      type: 'message',
      channel: 'chat',
      text: 'nul \u0000 inside',
      properties,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(await eventEntry(customerId, id)).toMatchObject({ text: 'nul \u0000 inside', properties });
  });

  it('refuses a consent about a "channel" that is not one', async () => {
    const res = await h.request('POST', '/v1/events', {
      ...event(`c-${uid()}`, `e-${uid()}`),
      type: 'consent',
      properties: { channel: '__proto__', status: 'opted_out' },
    });
    expectProblem(res, 400, 'properties.channel', /one of email, sms, push, webhook/);
  });
});

describe('(d) a transactional message whose content.data has keys storage cannot hold as they are', () => {
  it('is sent and delivered, with its data intact', async () => {
    const customerId = `c-${uid()}`;
    const data = { $amount: 42, 'order.id': 'o-7', lines: [['sku-1', 1]] };
    const res = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
      id: `r-${uid()}`,
      channel: 'email',
      category: 'transactional',
      content: { subject: 'Order confirmed', data },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ decision: 'sent', messageId: expect.any(String) });
    const delivered = await eventually(async () => {
      const outbox = await h.request('GET', `/v1/customers/${customerId}/outbox`);
      return outbox.body?.messages?.find(
        (m: any) => m.messageId === res.body.messageId && m.status === 'delivered',
      );
    });
    expect(delivered.content).toEqual({ subject: 'Order confirmed', data });
  });

  it('refuses content.data nested 10,000 levels or holding Infinity, naming the path', async () => {
    const path = `/v1/customers/c-${uid()}/contact-requests`;
    const base = { id: `r-${uid()}`, channel: 'email', category: 'transactional' };
    expectProblem(
      await post(path, withRaw(base, `"content":{"data":${nestedText(10_000)}}`)),
      400,
      'content.data' + '.a'.repeat(32),
    );
    expectProblem(
      await post(path, withRaw(base, '"content":{"data":{"total":1e400}}')),
      400,
      'content.data.total',
      /finite/,
    );
  });
});

describe('(e) times from the future', () => {
  it('refuses an event dated 9999, and a disruption from the future suppresses nothing', async () => {
    const customerId = `c-${uid()}`;
    const single = await h.request(
      'POST',
      '/v1/events',
      event(customerId, `e-${uid()}`, { occurredAt: '9999-12-31T00:00:00Z' }),
    );
    expectProblem(single, 400, 'occurredAt', /at most 5 minutes after the server's clock/);

    const batch = await h.request('POST', '/v1/events', {
      events: [
        event(customerId, `${customerId}-zone`, {
          type: 'identify',
          properties: { traits: { timezone: zoneWhereItIs(12) } },
        }),
        event(customerId, `${customerId}-future`, {
          type: 'disruption',
          channel: 'ops',
          occurredAt: '9999-01-01T00:00:00Z',
          properties: { kind: 'flight_cancelled' },
        }),
        // A little ahead (a device clock running fast) is fine.
        event(customerId, `${customerId}-soon`, { occurredAt: new Date(Date.now() + 60_000).toISOString() }),
      ],
    });
    expect(batch.status).toBe(202);
    expect(batch.body).toMatchObject({
      accepted: 2,
      rejected: [{ index: 1, errors: [{ path: 'events.1.occurredAt' }] }],
    });
    await customerWhen(customerId, (c) => c.counts.events === 2);

    const promotion = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
      id: `r-${uid()}`,
      channel: 'push',
      category: 'promotion',
    });
    expect(promotion.body).toMatchObject({ decision: 'sent', reason: 'ok' });
  });

  it('refuses notBefore or expiresAt more than a year ahead', async () => {
    const path = `/v1/customers/c-${uid()}/contact-requests`;
    const inTwoYears = new Date(Date.now() + 2 * 365 * 86_400_000).toISOString();
    const base = { id: `r-${uid()}`, channel: 'email', category: 'newsletter' };
    expectProblem(
      await h.request('POST', path, { ...base, notBefore: inTwoYears }),
      400,
      'notBefore',
      /at most 365 days/,
    );
    expectProblem(
      await h.request('POST', path, { ...base, expiresAt: inTwoYears }),
      400,
      'expiresAt',
      /at most 365 days/,
    );
  });
});

describe('(f) PUT /v1/policy with wrong types', () => {
  it.each<[string, (doc: any) => void, string, RegExp]>([
    ['"caps": 5', (d) => (d.caps = 5), 'caps', /list of caps/],
    ['"quietHours": null', (d) => (d.quietHours = null), 'quietHours', /must be an object/],
    ['"sentiment": null', (d) => (d.sentiment = null), 'sentiment', /must be an object/],
    [
      'an absurd window',
      (d) => (d.caps[0].window = '99999999999999999999d'),
      'caps.0.window',
      /at most 365d/,
    ],
    ['a cap limit as a string', (d) => (d.caps[1].limit = '2'), 'caps.1.limit', /whole number/],
    [
      'a custom journey wait of 10,000 days',
      (d) => (d.journeys.winBack = { enabled: true, quietFor: '10000d' }),
      'journeys.winBack.quietFor',
      /at most 365d/,
    ],
  ])('%s is a 400 naming the field, and the version in force stays', async (_what, edit, path, message) => {
    const admin = await apiKeyFor(h, `ws-${uid()}`, 'admin');
    const headers = { authorization: `Bearer ${admin}` };
    const before = await h.request('GET', '/v1/policy', undefined, headers);
    const doc = structuredClone(before.body);
    edit(doc);
    expectProblem(await h.request('PUT', '/v1/policy', doc, headers), 400, path, message);
    expect((await h.request('GET', '/v1/policy', undefined, headers)).body.version).toBe(before.body.version);
  });
});

describe('(h) lone surrogates', () => {
  it('two event ids that differ only in a lone surrogate are both refused, never stored as one', async () => {
    const customerId = `c-${uid()}`;
    for (const id of ['dup-\ud800', 'dup-\ud801']) {
      // JSON.stringify writes a lone surrogate as an escape (\ud800): the API receives exactly that id.
      expectProblem(
        await h.request('POST', '/v1/events', event(customerId, id)),
        400,
        'id',
        /lone surrogate/,
      );
    }
    const batch = await h.request('POST', '/v1/events', {
      events: [event(customerId, 'x-\udc00'), event(customerId, `${customerId}-ok`)],
    });
    expect(batch.body).toMatchObject({
      accepted: 1,
      rejected: [{ index: 0, errors: [{ path: 'events.0.id' }] }],
    });
  });

  it('refuses a contact request id or campaign with one', async () => {
    const path = `/v1/customers/c-${uid()}/contact-requests`;
    const base = { channel: 'email', category: 'transactional' };
    expectProblem(await h.request('POST', path, { ...base, id: 'r-\ud800' }), 400, 'id', /lone surrogate/);
    expectProblem(
      await h.request('POST', path, { ...base, id: `r-${uid()}`, campaign: 'spring-\udfff' }),
      400,
      'campaign',
      /lone surrogate/,
    );
  });

  it('repairs free text (U+FFFD), as every encoder downstream would', async () => {
    const customerId = `c-${uid()}`;
    const id = `${customerId}-text`;
    const res = await h.request('POST', '/v1/events', {
      ...event(customerId, id),
      type: 'message',
      channel: 'chat',
      text: 'thanks \ud83d',
      properties: { note: '\udc00!' },
    });
    expect(res.status).toBe(202);
    const entry = await eventEntry(customerId, id);
    expect(entry).toMatchObject({ text: 'thanks \ufffd', properties: { note: '\ufffd!' } });
  });
});

describe('oversized URLs and headers', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    // The harness listens with app.listen; the API process (api/main.ts) adds the parser's answers too.
    const app = createApp({
      client: h.client,
      storage: h.storage,
      namespace: 'default',
      taskQueue: h.taskQueue,
      logger: createLogger('api', 'silent'),
    });
    server = createServer(app);
    answerClientErrorsAsProblems(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  /** One raw HTTP/1.1 exchange: fetch would refuse to send some of these. */
  const exchange = (request: string) =>
    new Promise<{ status: number; headers: string; body: any }>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(request));
      let data = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => (data += chunk));
      socket.on('error', reject);
      socket.on('close', () => {
        const [head, ...rest] = data.split('\r\n\r\n');
        const text = rest.join('\r\n\r\n');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // chunked or empty: keep the text
        }
        resolve({ status: Number(head.split(' ')[1]), headers: head, body });
      });
    });

  it('answers a URL over 8 KiB with 414 problem+json, whether Express or the HTTP parser sees it', async () => {
    for (const length of [MAX_URL_LENGTH + 100, 20_000, 100_000]) {
      const res = await exchange(
        `GET /v1/customers/${'a'.repeat(length)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      );
      expect(res.status, `URL of ${length}`).toBe(414);
      expect(res.headers).toMatch(/content-type: application\/problem\+json/i);
      if (typeof res.body === 'object')
        expect(res.body).toMatchObject({ status: 414, title: 'URI too long' });
    }
  });

  it('answers headers over 16 KiB with 431 problem+json', async () => {
    const res = await exchange(`GET /v1/policy HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`);
    expect(res.status).toBe(431);
    expect(res.headers).toMatch(/content-type: application\/problem\+json/i);
    expect(res.body).toMatchObject({ status: 431, title: 'Request header fields too large' });
  });

  it('still answers an ordinary request on the same server', async () => {
    const res = await exchange(`GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(200);
  });
});

describe('a path that is not valid percent-encoding', () => {
  it('is a 400 problem naming the path, on reads and writes alike', async () => {
    for (const [method, path] of [
      ['GET', '/v1/customers/%E0%A4%A'],
      ['GET', '/v1/customers/%C0%AF/ledger'],
      ['POST', '/v1/customers/ok/cases/%FF/resolve'],
    ] as const) {
      const res = await h.request(method, path, method === 'POST' ? {} : undefined);
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body, `${method} ${path}`).toMatchObject({
        status: 400,
        errors: [{ path: 'path', message: expect.stringMatching(/not valid percent-encoded UTF-8/) }],
      });
    }
  });
});

describe('a method a path does not have', () => {
  it('is a 405 problem with Allow naming the methods the path answers, not a 404', async () => {
    for (const [method, path, allow] of [
      ['DELETE', '/v1/policy', 'GET, HEAD, PUT'],
      ['PATCH', '/v1/customers/c-1', 'GET, HEAD'],
      ['PUT', '/v1/events', 'POST'],
    ] as const) {
      const res = await h.request(method, path, method === 'DELETE' ? undefined : {});
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow'), `${method} ${path}`).toBe(allow);
      expect(res.body).toMatchObject({ status: 405, type: 'urn:tutti:problem:method-not-allowed' });
    }
    // A path no route has is still a 404.
    expect((await h.request('DELETE', '/v1/nothing-here')).status).toBe(404);
  });
});
