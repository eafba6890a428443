import type { NextFunction, Request, Response } from 'express';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Role } from '../domain/access/roles';
import { ROLES } from '../domain/access/roles';
import type { RateLimits } from '../platform/config';
import { DEFAULT_RATE_LIMITS } from '../platform/config';
import { callerOf } from './auth';
import { HttpProblem, PROBLEM_TYPES } from './problem';

/** The burst: one more second's worth of requests, at most once per this many seconds. */
const BURST_WINDOW_SECONDS = 10;

/**
 * Requests per key, per API replica, in memory (rate-limiter-flexible): `limit` per second, plus a burst of
 * one more second's worth within any 10 s (its BurstyRateLimiter: the library's token-bucket shape).
 *
 * Per replica, not shared through the database: the embedded FerretDB is the CPU bottleneck, and a shared
 * counter costs a read-modify-write on it per request — more than the request itself on the ingest path. With
 * N replicas a key may send up to N times the limit; the limits are set per replica with that in mind (README,
 * "Rate limits"). Every /v1 answer says where the key stands (`RateLimit-Limit`, `RateLimit-Remaining`,
 * `RateLimit-Reset`, IETF draft-ietf-httpapi-ratelimit-headers-06); a refusal is 429 with `Retry-After`.
 */
export function rateLimit(limits: RateLimits = DEFAULT_RATE_LIMITS) {
  const limiters = Object.fromEntries(
    ROLES.map((role) => [
      role,
      limits[role] > 0
        ? new BurstyRateLimiter(
            new RateLimiterMemory({ points: limits[role], duration: 1, keyPrefix: role }),
            new RateLimiterMemory({
              points: limits[role],
              duration: BURST_WINDOW_SECONDS,
              keyPrefix: `${role}-burst`,
            }),
          )
        : undefined,
    ]),
  ) as Record<Role, BurstyRateLimiter | undefined>;

  return async (_req: Request, res: Response, next: NextFunction): Promise<void> => {
    const { role, keyId } = callerOf(res);
    const limiter = limiters[role];
    if (!limiter) return next();
    const setHeaders = (state: RateLimiterRes) => {
      res.set({
        'RateLimit-Limit': String(limits[role]),
        'RateLimit-Remaining': String(Math.max(0, state.remainingPoints)),
        'RateLimit-Reset': String(Math.ceil(state.msBeforeNext / 1000)),
      });
    };
    try {
      setHeaders(await limiter.consume(keyId));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      setHeaders(rejection);
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      res.set('Retry-After', String(seconds));
      throw new HttpProblem(
        429,
        'Too many requests',
        `This key may send ${limits[role]} requests per second to each API replica (${role} keys). Send again in ${seconds} s.`,
        { type: PROBLEM_TYPES.rateLimited },
      );
    }
    next();
  };
}
