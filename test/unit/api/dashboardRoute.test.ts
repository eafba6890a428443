import express from 'express';
import type { RequestHandler } from 'express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP, dashboardRouter } from '../../../api/routes/dashboard';

// The API's own key check is tested with the real stack (test/browser); here a stand-in lets one key through.
const acceptOneKey: RequestHandler = (req, res, next) => {
  if (req.get('authorization') !== 'Bearer good') {
    res.status(401).json({ title: 'Unauthorized' });
    return;
  }
  res.locals.caller = { workspace: 'acme', role: 'member', keyId: 'key_1', keyName: 'cx lead' };
  next();
};

let scratch: string;
const servers: Server[] = [];

async function serve(buildDir: string): Promise<string> {
  const app = express();
  app.use(
    dashboardRouter({
      buildDir,
      namespace: 'prod',
      temporalUiUrl: 'https://t.acme.test',
      authenticate: acceptOneKey,
    }),
  );
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'tutti-dashboard-'));
  mkdirSync(path.join(scratch, 'built/assets'), { recursive: true });
  writeFileSync(path.join(scratch, 'built/index.html'), '<!doctype html><title>dashboard</title>');
  writeFileSync(path.join(scratch, 'built/assets/index-abc123.js'), 'console.log(1)');
  mkdirSync(path.join(scratch, 'unbuilt'));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  rmSync(scratch, { recursive: true, force: true });
});

describe('the dashboard route', () => {
  it('answers every page path with the app, revalidated, under the dashboard CSP', async () => {
    const base = await serve(path.join(scratch, 'built'));
    for (const page of ['/app/', '/app/customers/c-42', '/app/journeys']) {
      const res = await fetch(`${base}${page}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>dashboard</title>');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    }
    const bare = await fetch(`${base}/app`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/app/']);
  });

  it('lets browsers keep hashed assets for a year', async () => {
    const base = await serve(path.join(scratch, 'built'));
    const res = await fetch(`${base}/app/assets/index-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('says how to build it when it was not built, with a 503', async () => {
    const base = await serve(path.join(scratch, 'unbuilt'));
    const res = await fetch(`${base}/app/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:web');
  });

  it("tells a signed-in page its key's workspace and role and where its workflows are, and nothing without a key", async () => {
    const base = await serve(path.join(scratch, 'unbuilt'));
    expect((await fetch(`${base}/app/session`)).status).toBe(401);
    const res = await fetch(`${base}/app/session`, { headers: { authorization: 'Bearer good' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({
      workspace: 'acme',
      role: 'member',
      namespace: 'prod',
      temporalUiUrl: 'https://t.acme.test',
      customerWorkflowIdPrefix: 'customer:acme:',
      journeys: expect.arrayContaining(['serviceRecovery', 'cartRecovery']),
    });
  });
});
