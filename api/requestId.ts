import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** An id a client or a proxy in front may send; anything else (too long, odd characters) is replaced. */
const GIVEN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Every request gets an id: the `X-Request-Id` it came with (from a load balancer or the client), or a new
 * UUID. It is answered in `X-Request-Id`, in every problem document (`requestId`) and in every log line about
 * the request, so a client's report and the server's logs meet.
 */
export function assignRequestId(req: Request, res: Response, next: NextFunction): void {
  const given = req.get('x-request-id');
  const id = given !== undefined && GIVEN_ID.test(given) ? given : randomUUID();
  res.locals.requestId = id;
  res.set('X-Request-Id', id);
  next();
}

export function requestIdOf(res: Response): string | undefined {
  return res.locals.requestId as string | undefined;
}
