import express from 'express';
import type { ErrorRequestHandler } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCurrentPolicy } from '../../activities/policy/currentPolicy';
import { authenticate } from '../../api/auth';
import { HttpProblem, sendProblem } from '../../api/problem';
import { policyRouter } from '../../api/routes/policy';
import { defaultPolicy } from '../../domain/policy';
import type { PolicyModels } from '../../storage/models/policy';
import { policyVersionKey, publishPolicy, readCurrentPolicy } from '../../storage/policyStore';
import type { Harness } from '../support/harness';
import { apiKeyFor, createHarness, uid, zoneWhereItIs } from '../support/harness';

let h: Harness;
let models: PolicyModels;
/** The harness's API once it serves the policy routes; until they are registered there, a small app of our own. */
let baseUrl: string;
let ownServer: Server | undefined;

beforeAll(async () => {
  h = await createHarness();
  models = h.storage.models;
  baseUrl = h.baseUrl;
  if ((await h.request('GET', '/v1/policy')).status === 404) {
    const app = express();
    app.use('/v1', authenticate(h.storage.models));
    app.use(express.json());
    app.use(policyRouter(h.storage.models));
    app.use(((error: unknown, req, res, _next) => {
      void _next;
      if (error instanceof HttpProblem) return sendProblem(res, error, req.originalUrl);
      res.status(500).json({ error: String(error) });
    }) as ErrorRequestHandler);
    ownServer = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(ownServer.address() as AddressInfo).port}`;
  }
});
afterAll(async () => {
  if (ownServer) await new Promise((r) => ownServer!.close(r));
  await h?.close();
});

async function call(method: string, body?: unknown, key = h.apiKey, contentType = 'application/json') {
  const res = await fetch(`${baseUrl}/v1/policy`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined ? { 'content-type': contentType } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any };
}

const keyFor = (workspace: string, role: 'admin' | 'member') => apiKeyFor(h, workspace, role);

/** A fresh workspace with its own admin key, so each test starts at version 1. */
async function freshWorkspace() {
  const workspace = `ws-${uid()}`;
  return { workspace, key: await keyFor(workspace, 'admin') };
}

/** The default policy with one visible change, as a client would send it back after a GET. */
/** The policy as workflows are given it: without the taxonomy. */
function inForce({ topics: _topics, ...policy }: any): any {
  return policy;
}

function edited(limit: number): any {
  const doc = structuredClone(defaultPolicy) as any;
  doc.caps[0].limit = limit;
  return doc;
}

describe('GET and PUT /v1/policy', () => {
  it('starts at the docs/DESIGN.md defaults as version 1, and a valid PUT becomes version 2', async () => {
    const { key } = await freshWorkspace();
    const initial = await call('GET', undefined, key);
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual(defaultPolicy);
    expect(initial.body.version).toBe(1);

    // A `version` in the body (GET, edit, PUT) is ignored: the store assigns the next.
    const put = await call('PUT', { ...edited(3), version: 99 }, key);
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ ...edited(3), version: 2 });
    expect((await call('GET', undefined, key)).body).toEqual({ ...edited(3), version: 2 });
  });

  it('refuses an invalid document whole, naming each field, and keeps the current version', async () => {
    const { workspace, key } = await freshWorkspace();
    expect((await call('PUT', edited(3), key)).body.version).toBe(2);

    const bad = edited(4);
    bad.caps[0].window = 'soon';
    bad.caps[1].limit = -1;
    bad.caps[2].categories = ['promotion', 'gossip'];
    bad.quietHours.colour = 'blue';
    const res = await call('PUT', bad, key);
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.type).toBe('urn:tutti:problem:validation');
    const paths = (res.body.errors as { path: string; message: string }[]).map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['caps.0.window', 'caps.1.limit', 'caps.2.categories.1', 'quietHours.colour']),
    );
    expect((await call('GET', undefined, key)).body).toEqual({ ...edited(3), version: 2 });
    expect(await models.policies.findById(policyVersionKey(workspace, 3)).lean()).toBeNull();

    // Not an object at all, and not JSON: refused the same way.
    expect((await call('PUT', [], key)).status).toBe(400);
    expect((await call('PUT', edited(5), key, 'text/plain')).status).toBe(415);
    expect((await call('GET', undefined, key)).body.version).toBe(2);
  });

  it('takes an admin key to change the policy; a member key may read it', async () => {
    const member = await keyFor('default', 'member');
    const before = (await call('GET', undefined, member)).body;
    const res = await call('PUT', edited(9), member);
    expect(res.status).toBe(403);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.type).toBe('urn:tutti:problem:forbidden');
    expect((await call('GET', undefined, member)).body).toEqual(before);
  });

  it('stores two concurrent PUTs as consecutive versions, the head at the later one', async () => {
    const { workspace, key } = await freshWorkspace();
    const answers = await Promise.all([call('PUT', edited(3), key), call('PUT', edited(4), key)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => a.body.version).sort()).toEqual([2, 3]);
    for (const answer of answers) {
      const stored = await models.policies.findById(policyVersionKey(workspace, answer.body.version)).lean();
      expect(stored?.document).toEqual(answer.body);
    }
    const latest = answers.find((a) => a.body.version === 3)!.body;
    expect((await call('GET', undefined, key)).body).toEqual(latest);
  });

  it('keeps the head at the highest version when many publish at once', async () => {
    const workspace = `ws-${uid()}`;
    const published = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((limit) => publishPolicy(models, workspace, edited(limit))),
    );
    expect(published.map((p) => p.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
    const head = await readCurrentPolicy(models, workspace);
    expect(head).toEqual(published.find((p) => p.version === 7));
  });

  it('keeps workspaces apart', async () => {
    const a = await freshWorkspace();
    const b = await freshWorkspace();
    await call('PUT', edited(7), a.key);
    expect((await call('GET', undefined, a.key)).body).toEqual({ ...edited(7), version: 2 });
    expect((await call('GET', undefined, b.key)).body).toEqual(defaultPolicy);
  });
});

describe('currentPolicy activity', () => {
  it('serves a new version once its cache expires, with no signal to anyone', async () => {
    const workspace = `ws-${uid()}`;
    const currentPolicy = createCurrentPolicy(models, { ttlMs: 300 });
    expect((await currentPolicy(workspace)).version).toBe(1);
    await publishPolicy(models, workspace, edited(3));
    expect((await currentPolicy(workspace)).version).toBe(1); // still cached
    await new Promise((r) => setTimeout(r, 350));
    expect(await currentPolicy(workspace)).toEqual(inForce({ ...edited(3), version: 2 }));
  });

  it('gives workflows the policy without its topic taxonomy (which would be recorded in every history)', async () => {
    const workspace = `ws-${uid()}`;
    const policy = await createCurrentPolicy(models)(workspace);
    expect(policy).not.toHaveProperty('topics');
    expect(policy.alerts).toEqual(defaultPolicy.alerts);
    expect(JSON.stringify(policy).length).toBeLessThan(JSON.stringify(defaultPolicy).length / 4);
  });

  it('keeps the last known policy when a refresh fails, and fails only when it knows none', async () => {
    const workspace = `ws-${uid()}`;
    await publishPolicy(models, workspace, edited(3));
    const flaky = { ...models };
    const currentPolicy = createCurrentPolicy(flaky, { ttlMs: 1 });
    expect((await currentPolicy(workspace)).version).toBe(2);

    flaky.policyHeads = {
      findById: () => {
        throw new Error('database unreachable');
      },
    } as unknown as PolicyModels['policyHeads'];
    await new Promise((r) => setTimeout(r, 5));
    expect(await currentPolicy(workspace)).toEqual(inForce({ ...edited(3), version: 2 }));
    await expect(currentPolicy(`ws-${uid()}`)).rejects.toThrow('database unreachable');
  });

  it('refuses a stored document that no longer validates rather than deciding with it', async () => {
    const workspace = `ws-${uid()}`;
    await models.policyHeads.create({
      _id: workspace,
      version: 2,
      document: { ...edited(3), version: 2, caps: [{ name: 'x', limit: 0, window: 'soon' }] },
      updatedAt: new Date(),
    });
    await expect(readCurrentPolicy(models, workspace)).rejects.toThrow(/invalid/);
  });
});

describe('a published policy and the next contact request', () => {
  it('is in force at once, though workers and workflows cache the policy for 30 s', async () => {
    const { key } = await freshWorkspace();
    const auth = { authorization: `Bearer ${key}` };
    const customerId = `pol-${uid()}`;
    // Noon in the customer's zone, whenever the test runs: quiet hours stay out of the way.
    const timezone = zoneWhereItIs(12);
    const identify = {
      id: `${customerId}-id`,
      customerId,
      type: 'identify',
      channel: 'web',
      properties: { traits: { timezone } },
    };
    expect((await h.request('POST', '/v1/events', identify, auth)).status).toBe(202);
    const promotion = (id: string) =>
      h.request(
        'POST',
        `/v1/customers/${customerId}/contact-requests`,
        { id, channel: 'email', category: 'promotion' },
        auth,
      );

    const first = await promotion('p1');
    expect(first.body).toMatchObject({ decision: 'sent', policyVersion: 1 });
    // Under version 1 a second email promotion today is capped (email-promotion-24h: 1)...
    const relaxed = structuredClone(defaultPolicy) as any;
    relaxed.caps = relaxed.caps.filter((c: { name: string }) => c.name !== 'email-promotion-24h');
    const put = await call('PUT', relaxed, key);
    expect(put.body.version).toBe(2);
    // ...and version 2, published a moment ago, lets it go.
    const second = await promotion('p2');
    expect(second.body).toMatchObject({ decision: 'sent', reason: 'ok', policyVersion: 2 });
  });
});

describe('GET /v1/policy/versions/{version} and POST /v1/policy/validate', () => {
  async function send(method: string, path: string, body?: unknown, key = h.apiKey) {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any };
  }

  it('answers every published version as it was, version 1 as the default, to any key that reads the policy', async () => {
    const { workspace, key } = await freshWorkspace();
    await call('PUT', edited(3), key);
    await call('PUT', edited(4), key);
    const member = await keyFor(workspace, 'member');
    expect((await send('GET', '/v1/policy/versions/1', undefined, member)).body).toEqual(defaultPolicy);
    expect((await send('GET', '/v1/policy/versions/2', undefined, member)).body).toEqual({
      ...edited(3),
      version: 2,
    });
    expect((await send('GET', '/v1/policy/versions/3', undefined, key)).body).toEqual({
      ...edited(4),
      version: 3,
    });

    const unknown = await send('GET', '/v1/policy/versions/4', undefined, key);
    expect(unknown.status).toBe(404);
    expect(unknown.type).toContain('application/problem+json');
    expect(unknown.body).toMatchObject({
      type: 'urn:tutti:problem:not-found',
      detail: expect.stringContaining('4'),
    });
    // Another workspace's versions are not this one's.
    const other = await freshWorkspace();
    expect((await send('GET', '/v1/policy/versions/2', undefined, other.key)).status).toBe(404);

    for (const bad of ['0', '-1', '2.5', 'two', '1e3', '9999999999']) {
      const res = await send('GET', `/v1/policy/versions/${bad}`, undefined, key);
      expect(res.status, bad).toBe(400);
      expect(res.body.errors, bad).toEqual([{ path: 'version', message: 'must be a whole number from 1' }]);
    }
  });

  it('validates like the PUT without storing anything: 200 with the document as stored, or the same 400', async () => {
    const { workspace, key } = await freshWorkspace();
    const { holdout: _defaulted, ...withoutHoldout } = edited(3);
    const ok = await send('POST', '/v1/policy/validate', { ...withoutHoldout, version: 7 }, key);
    expect(ok.status).toBe(200);
    // Defaults filled in, the version left to the PUT.
    expect(ok.body).toEqual((({ version: _v, ...body }) => body)(edited(3)));

    const bad = edited(4);
    bad.caps[0].window = 'soon';
    bad.holdout.globalPercent = 150;
    bad.quietHours.colour = 'blue';
    const checked = await send('POST', '/v1/policy/validate', bad, key);
    const put = await call('PUT', bad, key);
    expect(checked.status).toBe(400);
    expect(checked.type).toContain('application/problem+json');
    expect(checked.body.errors).toEqual(put.body.errors);
    expect(checked.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'caps.0.window', message: expect.any(String) },
        { path: 'holdout.globalPercent', message: 'must be at most 100' },
        { path: 'quietHours.colour', message: 'is not a policy field' },
      ]),
    );
    expect((await send('POST', '/v1/policy/validate', [], key)).status).toBe(400);

    // Nothing was stored, valid or not: version 1 is still in force.
    expect((await call('GET', undefined, key)).body).toEqual(defaultPolicy);
    expect(await models.policies.findById(policyVersionKey(workspace, 2)).lean()).toBeNull();

    const member = await keyFor(workspace, 'member');
    const refused = await send('POST', '/v1/policy/validate', edited(3), member);
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('urn:tutti:problem:forbidden');
  });
});
