import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { Storage } from '../../storage/connection';
import { pingStorage } from '../../storage/connection';
import { PROBLEM_TYPES } from '../problem';

const CHECK_TIMEOUT_MS = 2_000;

/** `/healthz`: the process is up. `/readyz`: it can reach Temporal and MongoDB, so it can do its job. */
export function healthRouter(deps: { client: Client; storage: Storage; namespace: string }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [temporal, mongodb] = await Promise.all([
      check(() => deps.client.workflowService.describeNamespace({ namespace: deps.namespace })),
      check(() => pingStorage(deps.storage)),
    ]);
    const checks = { temporal, mongodb };
    if (temporal === 'ok' && mongodb === 'ok') {
      res.json({ status: 'ready', checks });
      return;
    }
    res.status(503).type('application/problem+json').json({
      type: PROBLEM_TYPES.unavailable,
      title: 'Not ready',
      status: 503,
      detail: 'Temporal or MongoDB is unreachable.',
      checks,
    });
  });
  return router;
}

async function check(probe: () => Promise<unknown>): Promise<string> {
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
    return `unreachable: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}
