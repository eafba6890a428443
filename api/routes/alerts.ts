import { Router } from 'express';
import type { Collection } from 'mongoose';
import type { Models } from '../../storage/models';
import type { IncidentDocument } from '../../storage/models/incident';
import { withBusyRetry } from '../../storage/withBusyRetry';
import { callerOf } from '../auth';
import { limitParam } from '../limitParam';
import { laterFirst } from '../newestFirst';
import { validationProblem } from '../problem';

/**
 * `GET /v1/alerts?status=open|closed&limit=` (member and admin keys): the workspace's alert incidents
 * (docs/ALERTS.md), newest opened first, with the numbers that opened them and the verbatims they quoted.
 */
export function alertsRouter(models: Pick<Models, 'incidents'>): Router {
  const router = Router();
  router.get('/v1/alerts', async (req, res) => {
    const limit = limitParam(req.query.limit, 50, 500);
    const status = statusParam(req.query.status);
    const collection = models.incidents.collection as unknown as Collection<IncidentDocument>;
    // One workspace's incidents, a scan on FerretDB: a workspace has few (one per incident, not per hour).
    const docs = await withBusyRetry(() =>
      collection.find({ workspace: callerOf(res).workspace, ...(status ? { status } : {}) }).toArray(),
    );
    const alerts = docs
      .sort((a, b) => laterFirst(a.openedAt, b.openedAt) || (a.incidentId < b.incidentId ? -1 : 1))
      .slice(0, limit)
      .map((doc) => ({
        id: doc.incidentId,
        kind: doc.kind,
        ...(doc.topic !== undefined ? { topic: doc.topic } : {}),
        openedAt: doc.openedAt.toISOString(),
        ...(doc.closedAt ? { closedAt: doc.closedAt.toISOString() } : {}),
        status: doc.status,
        title: doc.title,
        detail: doc.detail,
      }));
    res.json({ alerts });
  });
  return router;
}

function statusParam(value: unknown): 'open' | 'closed' | undefined {
  if (value === undefined) return undefined;
  if (value === 'open' || value === 'closed') return value;
  throw validationProblem('The status is not valid.', [
    { path: 'status', message: 'must be open or closed' },
  ]);
}
