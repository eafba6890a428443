import type { Role } from '../domain/access/roles';
import type { NumberedLogModels } from './models/numberedLog';
import { appendToLog, readLog } from './numberedLog';

/**
 * The audit trail of a workspace: who changed what, when — policy versions, keys made and revoked, cases
 * resolved through the API. Append-only, in the numbered log `audit_entries` (storage/numberedLog.ts): entry n
 * of workspace w is `_id` `w:n`, so the newest are read by `_id` from the last number down, and two replicas
 * recording at once each keep their entry.
 */
export type AuditAction =
  'policy.published' | 'api_key.created' | 'api_key.revoked' | 'case.resolved' | 'template.published';

/** Who did it: a key of the workspace, or an operator with database access (`npm run keys`: no key). */
export interface AuditActor {
  keyId: string | null;
  name: string;
  role: Role | null;
}

export interface AuditRecord {
  action: AuditAction;
  actor: AuditActor;
  /** What it was done to: `{ version }`, `{ keyId, name, role }`, `{ customerId, caseId }`. */
  subject: Record<string, unknown>;
}

export interface AuditEntry extends AuditRecord {
  id: number;
  at: Date;
}

type AuditModels = NumberedLogModels;

export const OPERATOR: AuditActor = { keyId: null, name: 'operator (npm run keys)', role: null };

export async function recordAudit(
  models: AuditModels,
  workspace: string,
  record: AuditRecord,
): Promise<void> {
  await appendToLog(models, 'auditEntries', workspace, record);
}

/** At most `limit` entries, newest first, older than entry `before` when given. */
export async function readAudit(
  models: AuditModels,
  workspace: string,
  page: { limit: number; before?: number },
): Promise<AuditEntry[]> {
  const entries = await readLog<AuditRecord>(models, 'auditEntries', workspace, page);
  return entries.map(({ n, at, entry }) => ({ id: n, at, ...entry }));
}
