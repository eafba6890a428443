import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { Storage } from '../../storage/connection';
import { PROBLEM_TYPES } from '../problem';
import { findProbeDocument } from '../../platform/mongoProbe';
import { POLLER_FRESH_MS, stalePollerKinds, taskQueuePollers } from '../../platform/taskQueuePollers';

/** Each check gets this long; a dependency that answers later is as good as down to a load balancer. */
const CHECK_TIMEOUT_MS = 2_000;

export interface HealthDependencies {
  client: Client;
  storage: Storage;
  namespace: string;
  /** The task queue the workers poll; without it `/readyz` cannot tell whether any worker is alive. */
  taskQueue?: string;
}

/**
 * `/healthz`: the process is up. `/readyz`: it can do its job — Temporal answers, MongoDB answers a real
 * query on the application's database (not just ping: see platform/mongoProbe.ts), and a worker polls the
 * task queue (without one, events are taken and contact requests wait, unanswered). A 503 names each part
 * that failed.
 */
export function healthRouter(deps: HealthDependencies): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const taskQueue = deps.taskQueue;
    const [temporal, mongodb, worker] = await Promise.all([
      check('unreachable', () =>
        deps.client.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () =>
          deps.client.workflowService.describeNamespace({ namespace: deps.namespace }),
        ),
      ),
      check('unreachable', () => findProbeDocument(deps.storage.connection, CHECK_TIMEOUT_MS)),
      taskQueue === undefined
        ? undefined
        : check('not polling', () => liveWorker(deps.client, deps.namespace, taskQueue)),
    ]);
    const checks = { temporal, mongodb, ...(worker === undefined ? {} : { worker }) };
    const failed = Object.entries(checks).filter(([, outcome]) => outcome !== 'ok');
    if (failed.length === 0) {
      res.json({ status: 'ready', checks });
      return;
    }
    res
      .status(503)
      .set('Retry-After', '5')
      .type('application/problem+json')
      .json({
        type: PROBLEM_TYPES.unavailable,
        title: 'Not ready',
        status: 503,
        detail: `Not ready: ${failed.map(([part, outcome]) => `${part} (${outcome})`).join('; ')}.`,
        checks,
      });
  });
  return router;
}

async function liveWorker(client: Client, namespace: string, taskQueue: string): Promise<void> {
  const pollers = await client.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () =>
    taskQueuePollers(client.workflowService, namespace, taskQueue),
  );
  const stale = stalePollerKinds(pollers, POLLER_FRESH_MS, Date.now());
  if (stale.length > 0) {
    throw new Error(
      `no ${stale.join(' or ')} poller on task queue "${taskQueue}" in the last ${POLLER_FRESH_MS / 1000} s`,
    );
  }
}

/** 'ok', or what went wrong after `failure` ("unreachable: no answer in 2000 ms"). */
async function check(failure: string, probe: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch (error) {
    return `${failure}: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}
