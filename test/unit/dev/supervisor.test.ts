// The supervisor on real child processes (`node -e` scripts that crash, hang or serve), with short delays.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import type { Service } from '../../../dev/childProcess';
import { freePort, startService, waitForPort } from '../../../dev/childProcess';
import type { SupervisedChild, SupervisorEvent } from '../../../dev/supervisor';
import { backoffDelay, InconclusiveProbe, Supervisor } from '../../../dev/supervisor';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'tutti-supervisor-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
});

function nodeChild(name: string, script: string, ready?: (s: Service) => Promise<void>): SupervisedChild {
  const logFile = path.join(scratch, `${name}.log`);
  return {
    name,
    logFile,
    async start() {
      const service = startService(name, process.execPath, ['-e', script], { logFile });
      try {
        await ready?.(service);
      } catch (error) {
        await service.stop(500);
        throw error;
      }
      return service;
    },
  };
}

function recorder() {
  const events: SupervisorEvent[] = [];
  const waitFor = async (match: (e: SupervisorEvent) => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!events.some(match)) {
      if (Date.now() > deadline) throw new Error(`no such event; saw ${JSON.stringify(events)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return events.find(match)!;
  };
  return { events, log: (e: SupervisorEvent) => events.push(e), waitFor };
}

it('grows the wait between restarts exponentially, up to a maximum', () => {
  const backoff = { initialMs: 1_000, maxMs: 30_000, factor: 2 };
  expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, backoff))).toEqual([
    1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
  ]);
});

it('restarts a child that crashes, with exponential backoff, logging its exit code, attempt and log file', async () => {
  const r = recorder();
  supervisor = new Supervisor({ backoff: { initialMs: 100, maxMs: 1_000, factor: 2 }, log: r.log });
  const child = nodeChild('crasher', 'setTimeout(() => process.exit(3), 150)');
  const first = await supervisor.add(child);

  await r.waitFor((e) => e.kind === 'exited' && e.attempt === 3);
  const exits = r.events.filter((e) => e.kind === 'exited');
  expect(exits.slice(0, 3)).toEqual(
    [100, 200, 400].map((restartInMs, i) => ({
      kind: 'exited',
      child: 'crasher',
      pid: expect.any(Number),
      code: 3,
      signal: null,
      cause: 'exited',
      attempt: i + 1,
      restartInMs,
      logFile: child.logFile,
    })),
  );
  // Each restart is a new process.
  const pids = r.events.filter((e) => e.kind === 'started').map((e) => (e as { pid: number }).pid);
  expect(pids[0]).toBe(first.process.pid);
  expect(new Set(pids).size).toBe(pids.length);
  expect(supervisor.restartCount('crasher')).toBeGreaterThanOrEqual(2);
});

it('starts again from the first backoff step once a child has stayed up long enough', async () => {
  const r = recorder();
  supervisor = new Supervisor({
    backoff: { initialMs: 50, maxMs: 1_000, factor: 4 },
    stableAfterMs: 200,
    log: r.log,
  });
  // Lives 300 ms, longer than "stable": every crash is a first attempt again.
  await supervisor.add(nodeChild('steady', 'setTimeout(() => process.exit(1), 300)'));
  await r.waitFor((e) => e.kind === 'exited' && r.events.filter((x) => x.kind === 'exited').length >= 2);
  const exits = r.events.filter((e) => e.kind === 'exited');
  expect(exits.map((e) => (e as { attempt: number }).attempt).slice(0, 2)).toEqual([1, 1]);
});

it('kills and restarts a child that stops answering its liveness probe', async () => {
  const r = recorder();
  const port = await freePort();
  supervisor = new Supervisor({
    backoff: { initialMs: 50, maxMs: 1_000, factor: 2 },
    log: r.log,
    killGraceMs: 500,
  });
  // Answers its first three requests, then accepts connections and never answers (a wedge: still running).
  const script = `let n = 0; require('http').createServer((req, res) => { if (++n <= 3) res.end('ok'); })
    .listen(${port}, '127.0.0.1');`;
  const child = nodeChild('wedger', script, (s) => waitForPort('127.0.0.1', port, 5_000, s));
  child.liveness = {
    check: async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (!res.ok) throw new Error(`status ${res.status}`);
    },
    intervalMs: 100,
    timeoutMs: 200,
    failuresBeforeRestart: 3,
  };
  const first = await supervisor.add(child);

  const killed = await r.waitFor((e) => e.kind === 'exited');
  expect(killed).toMatchObject({ child: 'wedger', cause: 'unresponsive', attempt: 1 });
  const failures = r.events.filter((e) => e.kind === 'probe_failed');
  expect(failures.map((e) => (e as { failures: number }).failures)).toEqual([1, 2, 3]);
  expect(r.events.find((e) => e.kind === 'unresponsive')).toMatchObject({
    failures: 3,
    logFile: child.logFile,
  });
  expect(first.process.exitCode !== null || first.process.signalCode !== null).toBe(true);

  // The new process answers again.
  await r.waitFor((e) => e.kind === 'started' && e.attempt === 1);
  expect(supervisor.current('wedger')?.process.pid).not.toBe(first.process.pid);
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(await res.text()).toBe('ok');
});

it('does not count a probe that cannot tell, and a success resets the count', async () => {
  const r = recorder();
  supervisor = new Supervisor({ log: r.log });
  const outcomes = ['fail', 'fail', 'ok', 'fail', 'unknown', 'unknown', 'fail', 'ok'];
  let i = 0;
  const child = nodeChild('flaky', 'setInterval(() => {}, 1000)');
  child.liveness = {
    check: () => {
      const outcome = outcomes[Math.min(i++, outcomes.length - 1)];
      if (outcome === 'fail') return Promise.reject(new Error('no'));
      if (outcome === 'unknown') return Promise.reject(new InconclusiveProbe('Temporal is down'));
      return Promise.resolve();
    },
    intervalMs: 20,
    failuresBeforeRestart: 3,
  };
  await supervisor.add(child);
  await new Promise((resolve) => {
    const wait = () => (i >= outcomes.length + 2 ? resolve(undefined) : setTimeout(wait, 20));
    wait();
  });
  expect(
    r.events.filter((e) => e.kind === 'probe_failed').map((e) => (e as { failures: number }).failures),
  ).toEqual([1, 2, 1, 2]);
  expect(r.events.some((e) => e.kind === 'unresponsive' || e.kind === 'exited')).toBe(false);
});

it('retries a restart that fails to start, with backoff', async () => {
  const r = recorder();
  supervisor = new Supervisor({ backoff: { initialMs: 50, maxMs: 1_000, factor: 2 }, log: r.log });
  let starts = 0;
  const crasher = nodeChild('unlucky', 'setTimeout(() => process.exit(2), 100)');
  const child: SupervisedChild = {
    ...crasher,
    start: () => (++starts === 2 || starts === 3 ? Promise.reject(new Error('port busy')) : crasher.start()),
  };
  await supervisor.add(child);
  await r.waitFor((e) => e.kind === 'started' && e.attempt === 3);
  expect(r.events.slice(1, 5)).toEqual([
    expect.objectContaining({ kind: 'exited', attempt: 1, restartInMs: 50 }),
    expect.objectContaining({ kind: 'start_failed', error: 'port busy', attempt: 2, restartInMs: 100 }),
    expect.objectContaining({ kind: 'start_failed', error: 'port busy', attempt: 3, restartInMs: 200 }),
    expect.objectContaining({ kind: 'started', attempt: 3 }),
  ]);
});

it('stops children in the reverse of the order they were added, and restarts none of them', async () => {
  const r = recorder();
  supervisor = new Supervisor({ backoff: { initialMs: 10, maxMs: 10, factor: 1 }, log: r.log });
  // Each takes 200 ms to shut down after SIGTERM, as a server draining would, and says when it listens for it:
  // a SIGTERM before node has run the script would end it at once (a race on a busy machine).
  const draining = `process.on('SIGTERM', () => setTimeout(() => process.exit(0), 200)); setInterval(() => {}, 1000); console.log('draining-ready');`;
  const saysReady = (name: string) => async () => {
    const logFile = path.join(scratch, `${name}.log`);
    const deadline = Date.now() + 10_000;
    while (!(existsSync(logFile) && readFileSync(logFile, 'utf8').includes('draining-ready'))) {
      if (Date.now() > deadline) throw new Error(`${name} never said it was ready`);
      await new Promise((r2) => setTimeout(r2, 20));
    }
  };
  const servers = await supervisor.add(nodeChild('servers', draining, saysReady('servers')));
  const worker = await supervisor.add(nodeChild('worker', draining, saysReady('worker')));
  const exitedAt: Record<string, number> = {};
  void servers.exited.then(() => (exitedAt.servers = Date.now()));
  void worker.exited.then(() => (exitedAt.worker = Date.now()));

  await supervisor.stop();
  supervisor = undefined;
  expect(exitedAt.worker).toBeLessThan(exitedAt.servers);
  await new Promise((r2) => setTimeout(r2, 100));
  expect(r.events.filter((e) => e.kind !== 'started')).toEqual([]);
});

it('refuses a first start that fails: there is nothing to supervise yet', async () => {
  supervisor = new Supervisor();
  const child = nodeChild('broken', 'process.exit(1)', () =>
    Promise.reject(new Error('exited before ready')),
  );
  await expect(supervisor.add(child)).rejects.toThrow('exited before ready');
  expect(supervisor.current('broken')).toBeUndefined();
});
