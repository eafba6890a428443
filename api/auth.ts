import type { NextFunction, Request, Response } from 'express';
import type { Role } from '../domain/access/roles';
import { hashApiKey } from '../storage/apiKeyStore';
import type { Models } from '../storage/models';
import { dependencyOutage } from './dependencyOutage';
import { HttpProblem, PROBLEM_TYPES } from './problem';

export { hashApiKey };
export type { Role };

/** Who is calling: the key's workspace and role, and the key itself (for the audit trail). */
export interface Caller {
  workspace: string;
  role: Role;
  /** The key's public id; for a key stored before keys had ids, `unlisted-` and the start of its hash. */
  keyId: string;
  keyName: string;
}

interface KnownKey {
  caller: Caller;
  expiresAt: number | null;
  revoked: boolean;
}

/**
 * How long a replica trusts what it read about a key. Revocation must reach every replica within 5 s
 * (DESIGN.md): 2 s leaves room for a slow read. A key costs one read by `_id` per 2 s per replica however many
 * requests it sends, so the ingest hot path does not notice (docs/BENCHMARKS.md); expiry is checked on every
 * request against the cached time, so it is exact.
 */
export const AUTH_CACHE_TTL_MS = 2_000;
const CACHE_LIMIT = 10_000;
/**
 * While MongoDB cannot be reached, a key seen within this long keeps working: a restart of the store must not
 * turn every client away (decisions go on without it). A key revoked during an outage stops working when the
 * store answers again.
 */
const STALE_DURING_OUTAGE_MS = 10 * 60_000;

/** How long a request waits for a known key's refresh before the cached answer stands (see lookup). */
const REFRESH_BUDGET_MS = 500;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Bearer-key authentication. Keys are looked up by hash and cached briefly (AUTH_CACHE_TTL_MS): ingest is the
 * hot path, and a database round trip per request would cost more than the request. Concurrent requests with
 * the same key share one lookup. While MongoDB is out of reach, keys seen lately are still honoured.
 */
export function authenticate(models: Models, { cacheTtlMs = AUTH_CACHE_TTL_MS } = {}) {
  const cache = new Map<string, { key: KnownKey | null; readAt: number }>();
  const reading = new Map<string, Promise<KnownKey | null> & { started: number }>();

  async function read(hash: string): Promise<KnownKey | null> {
    const doc = await models.apiKeys.findById(hash).lean();
    const key = doc
      ? {
          caller: {
            workspace: doc.workspace,
            role: doc.role,
            keyId: doc.id ?? `unlisted-${hash.slice(0, 8)}`,
            keyName: doc.name,
          },
          expiresAt: doc.expiresAt ? doc.expiresAt.getTime() : null,
          revoked: Boolean(doc.revokedAt),
        }
      : null;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(hash, { key, readAt: Date.now() });
    return key;
  }

  async function lookup(hash: string): Promise<KnownKey | null> {
    const cached = cache.get(hash);
    const age = cached ? Date.now() - cached.readAt : Infinity;
    if (cached && age < cacheTtlMs) return cached.key;
    let pending = reading.get(hash);
    if (!pending) {
      const started = Date.now();
      pending = Object.assign(
        read(hash).finally(() => reading.delete(hash)),
        { started },
      );
      // A refresh nobody waits for any more still lands in the cache; its failure is the next caller's to see.
      pending.catch(() => undefined);
      reading.set(hash, pending);
    }
    // A key known lately waits for its refresh only so long: a store that is down or overloaded must not hold
    // every request up (decisions go on without it). Past the budget the cached answer stands until the
    // refresh lands — within milliseconds on a healthy store, so revocation still reaches every replica in time.
    const stale = cached?.key && age < STALE_DURING_OUTAGE_MS ? cached.key : undefined;
    try {
      if (!stale) return await pending;
      const budget = Math.max(0, REFRESH_BUDGET_MS - (Date.now() - pending.started));
      return await Promise.race([pending, delay(budget).then(() => stale)]);
    } catch (error) {
      if (stale && dependencyOutage(error) === 'MongoDB') return stale;
      throw error;
    }
  }

  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      res.set('WWW-Authenticate', 'Bearer');
      throw unauthorized('Send an API key as `Authorization: Bearer <key>`.');
    }
    const key = await lookup(hashApiKey(match[1]));
    res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
    if (!key) throw unauthorized('This API key is not known.');
    if (key.revoked) throw unauthorized('This API key was revoked.');
    if (key.expiresAt !== null && key.expiresAt <= Date.now()) {
      throw unauthorized(`This API key expired at ${new Date(key.expiresAt).toISOString()}.`);
    }
    res.removeHeader('WWW-Authenticate');
    res.locals.caller = key.caller;
    next();
  };
}

function unauthorized(detail: string): HttpProblem {
  return new HttpProblem(401, 'Unauthorized', detail, { type: PROBLEM_TYPES.unauthorized });
}

export function callerOf(res: Response): Caller {
  return res.locals.caller as Caller;
}
