import express, { Router } from 'express';
import type { RequestHandler, Response } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { journeyRegistry } from '../../domain/journeys/registry';
import { customerWorkflowId } from '../../workflows/customer/messages';
import { callerOf } from '../auth';
import { HttpProblem, PROBLEM_TYPES } from '../problem';

/** Where `npm run build:web` (scripts/build-web.ts) writes the dashboard. */
export const DASHBOARD_BUILD_DIR = path.resolve(__dirname, '../../web/dist');

/**
 * The dashboard's policy: its own scripts and styles only, API calls to this origin only, never framed, no
 * <base> to redirect relative URLs. The page sets styles through the CSSOM (charts), which style-src does not
 * govern, so no 'unsafe-inline' is needed anywhere.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

export interface DashboardOptions {
  /** Temporal Web UI base URL (TUTTI_TEMPORAL_UI_URL); none: the customer page says how to set it. */
  temporalUiUrl?: string;
  namespace: string;
  /** Checks the key of `/app/session` (the API's own authentication). */
  authenticate: RequestHandler;
  /** Built dashboard; tests point elsewhere. */
  buildDir?: string;
}

/**
 * `/app/`: the dashboard (web/), static files built by `npm run build:web`, with every other `/app/*` path
 * answered by its index.html so the page's router shows it (a bookmarked customer page). `/app/session` tells a
 * signed-in page who its key is (workspace, role) and where the Temporal UI is: the page needs the workspace for
 * workflow ids and the role to offer only what the key may do.
 */
export function dashboardRouter(options: DashboardOptions): Router {
  const buildDir = options.buildDir ?? DASHBOARD_BUILD_DIR;
  const index = path.join(buildDir, 'index.html');
  const router = Router();

  router.use('/app', (_req, res, next) => {
    res.set('Content-Security-Policy', DASHBOARD_CSP);
    next();
  });
  router.get('/app', (req, res, next) => {
    // Only the bare path: relative asset URLs resolve against /app/, not /.
    if (req.originalUrl !== '/app') return next();
    res.redirect(301, '/app/');
  });

  router.get('/app/session', options.authenticate, (_req, res) => {
    const caller = callerOf(res);
    res.set('Cache-Control', 'no-store');
    res.json({
      workspace: caller.workspace,
      role: caller.role,
      keyName: caller.keyName,
      namespace: options.namespace,
      temporalUiUrl: options.temporalUiUrl ?? null,
      // The page builds links from this, so the id scheme stays in one place (workflows/customer/messages.ts).
      customerWorkflowIdPrefix: customerWorkflowId(caller.workspace, ''),
      // The journeys the code registers (the policy may name more): no /v1 route lists them.
      journeys: journeyRegistry.map((j) => j.name),
    });
  });

  router.use(
    '/app/assets',
    express.static(path.join(buildDir, 'assets'), {
      // File names carry a hash of their content: a new build is a new name.
      immutable: true,
      maxAge: '365d',
      index: false,
    }),
  );
  router.use('/app/assets', (req) => {
    // An asset of another build (a page open across a deploy): a 404, not the index page as a script.
    throw new HttpProblem(404, 'Not found', `No dashboard asset ${req.originalUrl}.`, {
      type: PROBLEM_TYPES.notFound,
    });
  });
  router.use(
    '/app',
    express.static(buildDir, {
      index: false,
      maxAge: '1h',
      setHeaders: (res, file) => {
        if (file.endsWith('.html')) res.set('Cache-Control', 'no-cache');
      },
    }),
  );
  router.get(/^\/app\/.*/, (_req, res) => {
    if (!existsSync(index)) return sendNotBuilt(res);
    // Revalidated every time: it names the current build's assets.
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}

function sendNotBuilt(res: Response): void {
  res
    .status(503)
    .set('Cache-Control', 'no-store')
    .set('Retry-After', '30')
    .type('html')
    .send(
      [
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dashboard not built</title></head>',
        '<body><h1>The dashboard is not built</h1>',
        '<p>This API serves the dashboard from <code>web/dist</code>, which is missing. ',
        'Run <code>npm run build:web</code> (<code>npm run dev</code> does it for you) and reload.</p>',
        '</body></html>',
      ].join(''),
    );
}
