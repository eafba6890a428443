import { Router } from 'express';
import { validatePolicyBody } from '../../domain/policy';
import type { PolicyBody } from '../../domain/policy';
import { recordAudit } from '../../storage/auditStore';
import type { NumberedLogModels } from '../../storage/models/numberedLog';
import type { PolicyModels } from '../../storage/models/policy';
import {
  PolicyPublishConflict,
  publishPolicy,
  readCurrentPolicy,
  readPolicyVersion,
} from '../../storage/policyStore';
import type { AlertsWorkflows } from '../alertsWorkflows';
import { actorOf } from '../audit';
import { callerOf } from '../auth';
import { HttpProblem, PROBLEM_TYPES, validationProblem } from '../problem';
import { requireJson } from '../requireJson';

/**
 * `GET /v1/policy`: the workspace's policy in force, with its `version`.
 * `GET /v1/policy/versions/{version}`: a version as it was published (version 1: the default policy), to compare.
 * `PUT /v1/policy` (admin key: api/routeRoles.ts): the whole document, validated whole — one bad field refuses all of it and
 * the current version stays in force — then stored as the next version and answered with it.
 * `POST /v1/policy/validate` (admin key): the PUT's verdict without storing anything — the same 400 with the same
 * `errors`, or 200 with the document as it would be stored (defaults filled in), without a version.
 */
export function policyRouter(
  models: PolicyModels & NumberedLogModels,
  alerts?: Pick<AlertsWorkflows, 'policyChanged'>,
): Router {
  const router = Router();

  router.get('/v1/policy', async (_req, res) => {
    res.json(await readCurrentPolicy(models, callerOf(res).workspace));
  });

  router.get('/v1/policy/versions/:version', async (req, res) => {
    const version = versionParam(req.params.version);
    const workspace = callerOf(res).workspace;
    const policy = await readPolicyVersion(models, workspace, version);
    if (!policy) {
      throw new HttpProblem(404, 'Not found', `The policy has no version ${version} in this workspace.`, {
        type: PROBLEM_TYPES.notFound,
      });
    }
    res.json(policy);
  });

  router.post('/v1/policy/validate', requireJson, (req, res) => {
    res.json(checkedBody(req.body));
  });

  router.put('/v1/policy', requireJson, async (req, res) => {
    const body = checkedBody(req.body);
    const workspace = callerOf(res).workspace;
    let published;
    try {
      published = await publishPolicy(models, workspace, body, callerOf(res).keyId);
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

/** The body as `PUT /v1/policy` would store it, or the 400 naming every bad field (the PUT and its dry run share it). */
function checkedBody(input: unknown): PolicyBody {
  const checked = validatePolicyBody(input);
  if (!checked.ok) {
    throw validationProblem(
      'The policy document is invalid; nothing was stored and the current version stays in force.',
      checked.errors.map(({ path, message }) => ({ path: path || '(body)', message })),
    );
  }
  return checked.policy;
}

function versionParam(value: string): number {
  if (!/^[1-9]\d{0,8}$/.test(value)) {
    throw validationProblem('The version in the path is not valid.', [
      { path: 'version', message: 'must be a whole number from 1' },
    ]);
  }
  return Number(value);
}
