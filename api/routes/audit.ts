import { Router } from 'express';
import { readAudit } from '../../storage/auditStore';
import type { NumberedLogModels } from '../../storage/models/numberedLog';
import { callerOf } from '../auth';
import { limitParam } from '../limitParam';
import { validationProblem } from '../problem';

/**
 * `GET /v1/audit?limit=&before=` (admin keys): the workspace's audit trail, newest first. `before` is the `id`
 * of the last entry of the previous page (`nextBefore`), so pages never overlap however many are added meanwhile.
 */
export function auditRouter(models: NumberedLogModels): Router {
  const router = Router();
  router.get('/v1/audit', async (req, res) => {
    const limit = limitParam(req.query.limit, 50, 500);
    const before = beforeParam(req.query.before);
    const entries = await readAudit(models, callerOf(res).workspace, { limit, before });
    const last = entries.at(-1);
    res.json({
      entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })),
      nextBefore: entries.length === limit && last && last.id > 1 ? last.id : null,
    });
  });
  return router;
}

function beforeParam(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,14}$/.test(value)) {
    throw validationProblem('The cursor is not valid.', [
      { path: 'before', message: 'must be the id of an entry (a whole number from 1), as in nextBefore' },
    ]);
  }
  return Number(value);
}
