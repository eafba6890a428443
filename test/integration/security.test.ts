// The security review of issue #15, item 5 (docs/SECURITY.md), on the real API, worker and servers: security
// headers and request ids on every answer, and a walk of every /v1 operation of the OpenAPI document with a
// second workspace's admin key, aimed at the first workspace's customer, case and key, that sees and changes
// nothing of it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Harness } from '../support/harness';
import { apiKeyFor, bearer, createHarness, eventually, uid } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

it('sends security headers and a request id with every answer, and the id in every problem', async () => {
  for (const [path, headers] of [
    ['/healthz', {}],
    ['/v1/policy', {}],
    ['/v1/nowhere', {}],
    ['/v1/policy', { authorization: '' }],
  ] as const) {
    const res = await h.request('GET', path, undefined, headers);
    expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
    expect(res.headers.get('strict-transport-security'), path).toMatch(/max-age=/);
    expect(res.headers.get('x-request-id'), path).toMatch(/^[0-9a-f-]{36}$/);
    if (res.status >= 400) expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
  }
  const given = await h.request('GET', '/v1/nowhere', undefined, { 'x-request-id': 'lb-1234.abc' });
  expect(given.headers.get('x-request-id')).toBe('lb-1234.abc');
  expect(given.body.requestId).toBe('lb-1234.abc');
  const odd = await h.request('GET', '/healthz', undefined, { 'x-request-id': 'x'.repeat(200) });
  expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  // The API docs still load under the content security policy, over plain http.
  const docs = await fetch(`${h.baseUrl}/docs/`);
  expect(docs.status).toBe(200);
  expect(docs.headers.get('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
});

it("walks every /v1 operation with another workspace's admin key: it sees and changes nothing of this one", async () => {
  const marker = `MARK${uid()}`;
  const c = `xw-${uid()}`;
  // This workspace (the harness's, "default"): a customer with the marker in traits and text, a case, a
  // message, a key named with the marker, and a policy version.
  await h.request('POST', '/v1/events', {
    events: [
      {
        id: `i-${uid()}`,
        customerId: c,
        type: 'identify',
        channel: 'web',
        properties: { traits: { name: marker } },
      },
      {
        id: `m-${uid()}`,
        customerId: c,
        type: 'message',
        channel: 'chat',
        text: `${marker} is broken, awful.`,
      },
    ],
  });
  await h.request('POST', `/v1/customers/${c}/contact-requests`, {
    id: 'r',
    channel: 'email',
    category: 'service',
  });
  await h.request('POST', `/v1/customers/${c}/cases/case-x/resolve`);
  const ownKey = (await h.request('POST', '/v1/api-keys', { name: marker, role: 'ingest' })).body;
  await eventually(async () => {
    const res = await h.request('GET', `/v1/customers/${c}/timeline`);
    return res.body.entries?.length >= 3 ? true : undefined;
  });
  const before = await snapshot(c);

  const other = await apiKeyFor(h, `other-${uid()}`, 'admin');
  const document = (await (await fetch(`${h.baseUrl}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, any>>;
  };
  const walked: string[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    if (!template.startsWith('/v1/')) continue;
    for (const [method, operation] of Object.entries(item)) {
      const path = template
        .replace('{customerId}', c)
        .replace('{caseId}', 'case-x')
        .replace('{keyId}', ownKey.id);
      const query = (operation.parameters ?? []).some((p: any) => p.name === 'atRisk') ? '?atRisk=true' : '';
      const body = operation.requestBody?.content?.['application/json']?.example;
      const res = await h.request(method.toUpperCase(), `${path}${query}`, body, bearer(other));
      walked.push(`${method.toUpperCase()} ${template}`);
      expect(res.status, `${method} ${path}`).not.toBe(500);
      expect(JSON.stringify(res.body) ?? '', `${method} ${path}`).not.toContain(marker);
    }
  }
  expect(walked.length).toBe(
    Object.entries(document.paths)
      .filter(([p]) => p.startsWith('/v1/'))
      .reduce((n, [, item]) => n + Object.keys(item).length, 0),
  );
  // Nothing of this workspace changed: its customer's traits, its keys (the one aimed at is still active), its
  // policy and its audit trail; the other workspace's events went to its own customers.
  expect(await snapshot(c)).toEqual(before);
});

it('refuses every /v1 operation of the document without a key, or with one it does not know', async () => {
  const document = (await (await fetch(`${h.baseUrl}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, any>>;
  };
  const answers: string[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    if (!template.startsWith('/v1/')) continue;
    const path = template.replace(/\{[^}]+\}/g, 'x1');
    for (const method of Object.keys(item)) {
      for (const headers of [{ authorization: '' }, bearer(`tutti_admin_${'A'.repeat(32)}`)]) {
        const res = await h.request(method.toUpperCase(), path, undefined, headers);
        answers.push(`${method} ${template}: ${res.status}`);
      }
      // Express matches paths case-insensitively: so does the key check.
      const shouted = await h.request(method.toUpperCase(), path.toUpperCase(), undefined, {
        authorization: '',
      });
      answers.push(`${method} ${template}: ${shouted.status}`);
    }
  }
  expect(answers.filter((a) => !a.endsWith(': 401'))).toEqual([]);
  expect(answers.length).toBeGreaterThan(40);
});

async function snapshot(c: string) {
  const [customer, keys, policy, audit, example] = await Promise.all([
    h.request('GET', `/v1/customers/${c}`),
    h.request('GET', '/v1/api-keys'),
    h.request('GET', '/v1/policy'),
    h.request('GET', '/v1/audit?limit=500'),
    // The customer of the document's example event, which the other workspace sent.
    h.request('GET', '/v1/customers/cust-42'),
  ]);
  return {
    traits: customer.body.traits,
    example: example.status,
    keys: keys.body.keys,
    policy: policy.body.version,
    audit: audit.body.entries.length,
  };
}
