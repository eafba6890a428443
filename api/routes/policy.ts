import { Router } from 'express';
import { validatePolicyBody } from '../../domain/policy';
import { recordAudit } from '../../storage/auditStore';
import type { NumberedLogModels } from '../../storage/models/numberedLog';
import type { PolicyModels } from '../../storage/models/policy';
import { PolicyPublishConflict, publishPolicy, readCurrentPolicy } from '../../storage/policyStore';
import type { AlertsWorkflows } from '../alertsWorkflows';
import { actorOf } from '../audit';
import { callerOf } from '../auth';
import { HttpProblem, PROBLEM_TYPES, validationProblem } from '../problem';
import { requireJson } from '../requireJson';

/**
 * `GET /v1/policy`: the workspace's policy in force, with its `version`.
 * `PUT /v1/policy` (admin key: api/routeRoles.ts): the whole document, validated whole — one bad field refuses all of it and
 * the current version stays in force — then stored as the next version and answered with it.
 */
export function policyRouter(
  models: PolicyModels & NumberedLogModels,
  alerts?: Pick<AlertsWorkflows, 'policyChanged'>,
): Router {
  const router = Router();

  router.get('/v1/policy', async (_req, res) => {
    res.json(await readCurrentPolicy(models, callerOf(res).workspace));
  });

  router.put('/v1/policy', requireJson, async (req, res) => {
    const checked = validatePolicyBody(req.body);
    if (!checked.ok) {
      throw validationProblem(
        'The policy document is invalid; nothing was stored and the current version stays in force.',
        checked.errors.map(({ path, message }) => ({ path: path || '(body)', message })),
      );
    }
    const workspace = callerOf(res).workspace;
    let published;
    try {
      published = await publishPolicy(models, workspace, checked.policy, callerOf(res).keyId);
    } catch (error) {
      if (!(error instanceof PolicyPublishConflict)) throw error;
      throw new HttpProblem(409, 'Conflict', error.message, { type: PROBLEM_TYPES.conflict });
    }
    await recordAudit(models, workspace, {
      action: 'policy.published',
      actor: actorOf(res),
      subject: { version: published.version },
    });
    // The alerts workflow re-reads its rules now (docs/ALERTS.md); never holds up or fails the answer.
    alerts?.policyChanged(workspace);
    res.json(published);
  });

  return router;
}
