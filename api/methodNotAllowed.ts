import type { Express, NextFunction, Request, Response } from 'express';
import { HttpProblem, PROBLEM_TYPES } from './problem';

/** What this file reads of Express's router: its layers, each a route or a nested router. */
interface RouterLayer {
  route?: { methods: Record<string, boolean | undefined> };
  handle?: { stack?: RouterLayer[] };
  match(path: string): boolean;
}

/**
 * The methods the routes of `stack` answer for `path` (nested routers included): empty when no route has the
 * path. HEAD goes with GET, as Express answers it.
 */
export function allowedMethods(stack: readonly RouterLayer[], path: string): Set<string> {
  const allowed = new Set<string>();
  for (const layer of stack) {
    if (layer.route) {
      if (!layer.match(path)) continue;
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') allowed.add(method.toUpperCase());
      }
    } else if (layer.handle?.stack) {
      for (const method of allowedMethods(layer.handle.stack, path)) allowed.add(method);
    }
  }
  if (allowed.has('GET')) allowed.add('HEAD');
  return allowed;
}

/**
 * After every route, before "not found": a path that exists, asked with a method it does not answer, is a
 * 405 with `Allow` (RFC 9110), not a 404 that would tell the client the resource is missing.
 */
export function answerMethodNotAllowed(app: Express) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const allowed = allowedMethods((app.router as unknown as { stack: RouterLayer[] }).stack, req.path);
    if (allowed.size === 0 || allowed.has(req.method)) return next();
    const methods = [...allowed].sort();
    res.set('Allow', methods.join(', '));
    throw new HttpProblem(
      405,
      'Method not allowed',
      `${req.path} answers ${methods.join(', ')}, not ${req.method}.`,
      {
        type: PROBLEM_TYPES.methodNotAllowed,
      },
    );
  };
}
