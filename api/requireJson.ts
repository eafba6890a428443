import type { NextFunction, Request, Response } from 'express';
import { HttpProblem, PROBLEM_TYPES } from './problem';

/** Bodies must be JSON: anything else would silently parse as "no body" and lose the sender's data. */
export function requireJson(req: Request, _res: Response, next: NextFunction): void {
  if (!req.is('application/json')) {
    throw new HttpProblem(415, 'Unsupported media type', 'Send the body as application/json.', {
      type: PROBLEM_TYPES.unsupportedMediaType,
    });
  }
  next();
}
