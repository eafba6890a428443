import { Router } from 'express';
import {
  apiKeyView,
  createApiKey,
  KEY_ID_PATTERN,
  keySubject,
  listApiKeys,
  revokeApiKey,
} from '../../storage/apiKeyStore';
import { recordAudit } from '../../storage/auditStore';
import type { Models } from '../../storage/models';
import { newApiKeySchema } from '../apiKeyRequest';
import { actorOf } from '../audit';
import { callerOf } from '../auth';
import { HttpProblem, PROBLEM_TYPES, validationProblem } from '../problem';
import { requireJson } from '../requireJson';
import { fieldErrors } from '../zodErrors';

/**
 * `POST /v1/api-keys`, `GET /v1/api-keys`, `DELETE /v1/api-keys/{keyId}` (admin keys; api/routeRoles.ts):
 * DESIGN.md, "Workspaces and keys". The key's secret is in the POST's answer and nowhere else.
 */
export function apiKeysRouter(models: Models): Router {
  const router = Router();

  router.post('/v1/api-keys', requireJson, async (req, res) => {
    const parsed = newApiKeySchema.safeParse(req.body);
    if (!parsed.success) throw validationProblem('The key is not valid.', fieldErrors(parsed.error));
    const now = new Date();
    const expiresAt = parsed.data.expiresAt ? new Date(parsed.data.expiresAt) : undefined;
    if (expiresAt && expiresAt.getTime() <= now.getTime()) {
      throw validationProblem('The key is not valid.', [
        { path: 'expiresAt', message: 'expiresAt must be in the future' },
      ]);
    }
    const { key, record } = await createApiKey(models, {
      workspace: callerOf(res).workspace,
      name: parsed.data.name,
      role: parsed.data.role,
      expiresAt,
      now,
    });
    await recordAudit(models, callerOf(res).workspace, {
      action: 'api_key.created',
      actor: actorOf(res),
      subject: keySubject(record),
    });
    res.status(201).json({ ...apiKeyView(record, now), key });
  });

  router.get('/v1/api-keys', async (_req, res) => {
    const now = new Date();
    const keys = await listApiKeys(models, callerOf(res).workspace);
    res.json({ keys: keys.map((k) => apiKeyView(k, now)) });
  });

  router.delete('/v1/api-keys/:keyId', async (req, res) => {
    const keyId = String(req.params.keyId);
    if (!KEY_ID_PATTERN.test(keyId)) {
      throw validationProblem('The key id is not valid.', [
        { path: 'keyId', message: 'must be a key id as listed: key_ and 16 letters or digits' },
      ]);
    }
    const now = new Date();
    const result = await revokeApiKey(models, callerOf(res).workspace, keyId, now);
    if (result.outcome === 'not_found') {
      throw new HttpProblem(404, 'Not found', `No key ${keyId} in this workspace.`, {
        type: PROBLEM_TYPES.notFound,
      });
    }
    if (result.outcome === 'last_admin') {
      throw new HttpProblem(
        409,
        'Conflict',
        `Key ${keyId} is the workspace's last active admin key: create another admin key first, then revoke this one.`,
        { type: PROBLEM_TYPES.lastAdminKey },
      );
    }
    if (result.outcome === 'revoked') {
      await recordAudit(models, callerOf(res).workspace, {
        action: 'api_key.revoked',
        actor: actorOf(res),
        subject: keySubject(result.record),
      });
    }
    res.json(apiKeyView(result.record, now));
  });

  return router;
}
