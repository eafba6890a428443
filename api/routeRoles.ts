import type { NextFunction, Request, Response } from 'express';
import type { Role } from '../domain/access/roles';
import { roleAllows, rolesAllowed } from '../domain/access/roles';
import { callerOf } from './auth';
import { HttpProblem, PROBLEM_TYPES } from './problem';

/**
 * The role each /v1 operation takes (the README's table, and `x-tutti-role` in the OpenAPI document, which
 * refuses to build with a /v1 operation missing here). Checked in one place, before the body is read, so a key
 * learns it may not whatever it sent.
 */
export const ROUTE_ROLES: Record<string, Role> = {
  'POST /v1/events': 'ingest',
  'POST /v1/customers/{customerId}/contact-requests': 'ingest',
  'GET /v1/customers': 'member',
  'GET /v1/customers/{customerId}': 'member',
  'GET /v1/customers/{customerId}/ledger': 'member',
  'GET /v1/customers/{customerId}/timeline': 'member',
  'GET /v1/customers/{customerId}/outbox': 'member',
  'PUT /v1/customers/{customerId}/consent': 'member',
  'POST /v1/customers/{customerId}/cases/{caseId}/resolve': 'member',
  'GET /v1/metrics/sentiment': 'member',
  'GET /v1/metrics/topics': 'member',
  'GET /v1/metrics/surveys': 'member',
  'GET /v1/reports/uplift': 'member',
  'GET /v1/reports/journeys/{name}/funnel': 'member',
  'GET /v1/reports/contact-pressure': 'member',
  'GET /v1/alerts': 'member',
  'GET /v1/decisions': 'member',
  'GET /v1/decisions/stream': 'member',
  'GET /v1/policy': 'member',
  'PUT /v1/policy': 'admin',
  'GET /v1/policy/versions/{version}': 'member',
  'POST /v1/policy/validate': 'admin',
  'GET /v1/templates': 'member',
  'GET /v1/templates/{name}': 'member',
  'PUT /v1/templates/{name}': 'admin',
  'POST /v1/templates/{name}/preview': 'member',
  'GET /v1/api-keys': 'admin',
  'POST /v1/api-keys': 'admin',
  'DELETE /v1/api-keys/{keyId}': 'admin',
  'GET /v1/audit': 'admin',
};

/**
 * Express matches paths case-insensitively and with an optional trailing slash, so the templates do too: a
 * `PUT /V1/Policy/` must meet the same rule as `PUT /v1/policy`.
 */
const matchers = Object.entries(ROUTE_ROLES).map(([operation, role]) => {
  const [method, template] = operation.split(' ');
  const pattern = template
    .split('/')
    .map((segment) => (/^\{.+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')))
    .join('/');
  return { method, regex: new RegExp(`^${pattern}/?$`, 'i'), role };
});

/**
 * The role a request takes. A /v1 request that is no operation of the table takes `admin`: it will be a 404
 * or a 405, and a route added without a row here is closed rather than open to every key.
 */
export function roleNeeded(method: string, path: string): Role {
  const asGet = method === 'HEAD' ? 'GET' : method;
  return matchers.find((m) => m.method === asGet && m.regex.test(path))?.role ?? 'admin';
}

/** After authenticate: refuses a key whose role is below the operation's, with 403 naming the role needed. */
export function authorize(req: Request, res: Response, next: NextFunction): void {
  const { role } = callerOf(res);
  const path = req.originalUrl.split('?')[0];
  const needed = roleNeeded(req.method, path);
  if (!roleAllows(role, needed)) {
    const allowed = rolesAllowed(needed);
    const list = `${allowed.slice(0, -1).join(', ')}${allowed.length > 1 ? ' or ' : ''}${allowed.at(-1)}`;
    throw new HttpProblem(
      403,
      'Forbidden',
      `${req.method} ${path} takes ${withArticle(list)} key; this is ${withArticle(role)} key.`,
      { type: PROBLEM_TYPES.forbidden, requiredRole: needed, role },
    );
  }
  next();
}

function withArticle(words: string): string {
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
}
