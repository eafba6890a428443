import type { Response } from 'express';
import type { AuditActor } from '../storage/auditStore';
import { callerOf } from './auth';

/** The calling key, as the audit trail names who did something. */
export function actorOf(res: Response): AuditActor {
  const { keyId, keyName, role } = callerOf(res);
  return { keyId, name: keyName, role };
}
