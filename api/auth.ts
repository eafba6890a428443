import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Models } from '../storage/models';
import { dependencyOutage } from './dependencyOutage';
import { HttpProblem, PROBLEM_TYPES } from './problem';

export type Role = 'admin' | 'member';

export interface Caller {
  workspace: string;
  role: Role;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const CACHE_TTL_MS = 30_000;
const CACHE_LIMIT = 10_000;
/**
 * While MongoDB cannot be reached, a key seen within this long keeps working: a restart of the store must not
 * turn every client away (decisions go on without it). A key revoked during an outage stops working when the
 * store answers again.
 */
const STALE_DURING_OUTAGE_MS = 10 * 60_000;

/**
 * Bearer-key authentication. Keys are looked up by hash and cached briefly: ingest is the hot path, and a
 * database round trip per request would cost more than the request. A revoked key stops working within
 * the cache TTL. While MongoDB is out of reach, keys seen lately are still honoured (STALE_DURING_OUTAGE_MS).
 */
export function authenticate(models: Models, { cacheTtlMs = CACHE_TTL_MS } = {}) {
  const cache = new Map<string, { caller: Caller | null; readAt: number }>();

  async function lookup(hash: string): Promise<Caller | null> {
    const cached = cache.get(hash);
    const age = cached ? Date.now() - cached.readAt : Infinity;
    if (cached && age < cacheTtlMs) return cached.caller;
    let doc;
    try {
      doc = await models.apiKeys.findById(hash).lean();
    } catch (error) {
      if (cached?.caller && age < STALE_DURING_OUTAGE_MS && dependencyOutage(error) === 'MongoDB') {
        return cached.caller;
      }
      throw error;
    }
    const caller = doc ? { workspace: doc.workspace, role: doc.role } : null;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(hash, { caller, readAt: Date.now() });
    return caller;
  }

  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      res.set('WWW-Authenticate', 'Bearer');
      throw new HttpProblem(401, 'Unauthorized', 'Send an API key as `Authorization: Bearer <key>`.', {
        type: PROBLEM_TYPES.unauthorized,
      });
    }
    const caller = await lookup(hashApiKey(match[1]));
    if (!caller) {
      res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new HttpProblem(401, 'Unauthorized', 'This API key is not known.', {
        type: PROBLEM_TYPES.unauthorized,
      });
    }
    res.locals.caller = caller;
    next();
  };
}

export function callerOf(res: Response): Caller {
  return res.locals.caller as Caller;
}
