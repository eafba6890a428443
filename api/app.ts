import type { Client } from '@temporalio/client';
import express from 'express';
import helmet from 'helmet';
import type { ErrorRequestHandler } from 'express';
import { MAX_EVENTS_PER_BATCH, MAX_PROPERTIES_BYTES, MAX_TEXT_LENGTH } from '../domain/events/eventSchema';
import { DEFAULT_API_TEMPORAL_TIMEOUT_MS } from '../platform/config';
import type { RateLimits } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { Storage } from '../storage/connection';
import { readCounterTotals } from '../storage/reportCounters';
import { alertsWorkflows } from './alertsWorkflows';
import { authenticate } from './auth';
import { rateLimit } from './rateLimit';
import { authorize } from './routeRoles';
import { dependencyOutage } from './dependencyOutage';
import { refuseLongUrls } from './httpLimits';
import { assignRequestId } from './requestId';
import { answerMethodNotAllowed } from './methodNotAllowed';
import { createEventIngestion } from './ingest/eventIngestion';
import { createMetrics } from './metrics';
import { HttpProblem, PROBLEM_TYPES, sendProblem, validationProblem } from './problem';
import { alertsRouter } from './routes/alerts';
import { apiDocsRouter } from './routes/apiDocs';
import { apiKeysRouter } from './routes/apiKeys';
import { auditRouter } from './routes/audit';
import { contactsRouter } from './routes/contacts';
import { customerActionsRouter } from './routes/customerActions';
import { customersRouter } from './routes/customers';
import { dashboardRouter } from './routes/dashboard';
import { decisionsRouter } from './routes/decisions';
import { decisionsStreamRouter } from './routes/decisionsStream';
import { eventsRouter } from './routes/events';
import { healthRouter } from './routes/health';
import { timelineRouter } from './routes/timeline';
import { outboxRouter } from './routes/outbox';
import { policyRouter } from './routes/policy';
import { reportsRouter } from './routes/reports';
import { sentimentMetricsRouter } from './routes/sentimentMetrics';
import { topicMetricsRouter } from './routes/topicMetrics';
import { surveyMetricsRouter } from './routes/surveyMetrics';
import { templatesRouter } from './routes/templates';
import { trackingRouter } from './routes/tracking';
import type { TrackingConfig } from '../platform/config';
import { trackingSecretSource } from '../storage/trackingSecret';

export interface AppDependencies {
  client: Client;
  storage: Storage;
  namespace: string;
  taskQueue: string;
  logger: Logger;
  continueAsNewAfterHistoryLength?: number;
  /** How long one call to Temporal may take before the answer is 503 (TUTTI_API_TEMPORAL_TIMEOUT_MS; default DEFAULT_API_TEMPORAL_TIMEOUT_MS). */
  temporalCallTimeoutMs?: number;
  /** Requests per second per key, by role (TUTTI_RATE_LIMIT_*; default DEFAULT_RATE_LIMITS). */
  rateLimits?: RateLimits;
  /** Tracked links (TUTTI_TRACKING_SECRET); no secret: the installation's, kept in the database. */
  tracking?: Pick<TrackingConfig, 'secret'>;
  /** The Temporal Web UI the dashboard links customers' workflows to (TUTTI_TEMPORAL_UI_URL); none: no link. */
  temporalUiUrl?: string;
}

/**
 * Big enough for the largest batch the contract allows: 500 events, each with 10,000 characters of text (up to
 * 3 bytes each in UTF-8) and 16 KiB of properties. Anything larger is refused with 413, never truncated.
 */
export const BODY_LIMIT = MAX_EVENTS_PER_BATCH * (MAX_TEXT_LENGTH * 3 + MAX_PROPERTIES_BYTES + 2048);

export function createApp(deps: AppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const metrics = createMetrics();
  const temporalCallTimeoutMs = deps.temporalCallTimeoutMs ?? DEFAULT_API_TEMPORAL_TIMEOUT_MS;
  const ingestEvents = createEventIngestion({
    client: deps.client,
    models: deps.storage.models,
    taskQueue: deps.taskQueue,
    continueAsNewAfterHistoryLength: deps.continueAsNewAfterHistoryLength,
    temporalCallTimeoutMs,
  });
  const alerts = alertsWorkflows({
    client: deps.client,
    taskQueue: deps.taskQueue,
    logger: deps.logger,
    timeoutMs: temporalCallTimeoutMs,
  });

  app.use(assignRequestId);
  // Security headers on every answer (nosniff, frame-ancestors, HSTS behind TLS, a strict CSP for /docs). No
  // upgrade-insecure-requests: the embedded stack serves /docs over plain http on localhost.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(metrics.observe);
  app.use(refuseLongUrls);
  app.use(
    healthRouter({
      client: deps.client,
      storage: deps.storage,
      namespace: deps.namespace,
      taskQueue: deps.taskQueue,
    }),
  );
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.use(apiDocsRouter());
  // Links in messages (docs/TRACKING.md): no API key, their signed token is the credential.
  app.use(
    trackingRouter({
      ingestEvents,
      secret: trackingSecretSource(deps.storage.connection, deps.tracking?.secret),
      logger: deps.logger,
    }),
  );

  // The dashboard (docs/DASHBOARD.md): static pages with a CSP of their own; they call /v1 with the user's key.
  const checkKey = authenticate(deps.storage.models);
  app.use(
    dashboardRouter({
      temporalUiUrl: deps.temporalUiUrl,
      namespace: deps.namespace,
      authenticate: checkKey,
    }),
  );
  // A flood of refused requests is limited too: the rate limit comes before the role check.
  app.use('/v1', checkKey, rateLimit(deps.rateLimits), authorize);
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(eventsRouter(ingestEvents, metrics.eventsIngested, alerts));
  app.use(customersRouter(deps.storage.models));
  app.use(timelineRouter(deps.storage.models));
  app.use(customerActionsRouter(ingestEvents, deps.storage.models));
  app.use(
    contactsRouter({
      client: deps.client,
      models: deps.storage.models,
      taskQueue: deps.taskQueue,
      continueAsNewAfterHistoryLength: deps.continueAsNewAfterHistoryLength,
      temporalCallTimeoutMs,
    }),
  );
  app.use(sentimentMetricsRouter(deps.storage.models));
  app.use(topicMetricsRouter({ models: deps.storage.models, readCounterTotals }));
  app.use(surveyMetricsRouter({ models: deps.storage.models, readCounterTotals }));
  app.use(
    reportsRouter({
      models: deps.storage.models,
      readCounterTotals,
    }),
  );
  app.use(policyRouter(deps.storage.models, alerts));
  app.use(alertsRouter(deps.storage.models));
  app.use(templatesRouter(deps.storage.models));
  app.use(outboxRouter(deps.storage.models));
  app.use(apiKeysRouter(deps.storage.models));
  app.use(auditRouter(deps.storage.models));
  app.use(decisionsRouter(deps.storage.models));
  app.use(decisionsStreamRouter(deps.storage.models));

  app.use(answerMethodNotAllowed(app));
  app.use((req) => {
    throw new HttpProblem(404, 'Not found', `No route ${req.method} ${req.path}.`, {
      type: PROBLEM_TYPES.notFound,
    });
  });
  app.use(problemHandler(deps.logger));
  return app;
}

/**
 * How long a client should wait before sending the same request again while a dependency is out: a restarted
 * FerretDB or Temporal answers again within seconds, and clients retrying every second only add to the backlog
 * it then has to work through.
 */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/**
 * Every error leaves as application/problem+json; unexpected ones are logged and told apart from bad input,
 * and from a dependency that is out of reach (503 with Retry-After, on every route: the same request will
 * work once it is back).
 */
function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    void _next;
    if (error instanceof HttpProblem) return sendProblem(res, error, req.originalUrl);
    const bodyError = error as { type?: string; status?: number; limit?: number };
    if (bodyError.type === 'entity.too.large') {
      return sendProblem(
        res,
        new HttpProblem(
          413,
          'Payload too large',
          `The body exceeds the limit of ${(BODY_LIMIT / 2 ** 20).toFixed(1)} MiB. Split the batch.`,
          {
            type: PROBLEM_TYPES.tooLarge,
          },
        ),
        req.originalUrl,
      );
    }
    if (bodyError.type === 'entity.parse.failed') {
      return sendProblem(
        res,
        new HttpProblem(400, 'Malformed JSON', `The body is not valid JSON: ${(error as Error).message}`, {
          type: PROBLEM_TYPES.malformedJson,
        }),
        req.originalUrl,
      );
    }
    if (error instanceof URIError && bodyError.status === 400) {
      // Express could not percent-decode a path parameter (a customer or case id): name it as such.
      return sendProblem(
        res,
        validationProblem('The URL is not valid.', [
          { path: 'path', message: `${error.message}: not valid percent-encoded UTF-8` },
        ]),
        req.originalUrl,
      );
    }
    if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
      return sendProblem(
        res,
        new HttpProblem(bodyError.status, 'Bad request', (error as Error).message),
        req.originalUrl,
      );
    }
    const outage = dependencyOutage(error);
    if (outage) {
      logger.warn(
        { err: error, path: req.path, requestId: res.locals.requestId as string, dependency: outage },
        'dependency unavailable',
      );
      res.set('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
      return sendProblem(
        res,
        new HttpProblem(
          503,
          'Temporarily unavailable',
          `${outage} cannot be reached right now. Send the same request again in a few seconds: ids make retries safe.`,
          { type: PROBLEM_TYPES.unavailable, dependency: outage },
        ),
        req.originalUrl,
      );
    }
    logger.error({ err: error, path: req.path, requestId: res.locals.requestId as string }, 'request failed');
    return sendProblem(
      res,
      new HttpProblem(500, 'Internal error', 'Something went wrong on our side; it has been logged.', {
        type: PROBLEM_TYPES.internal,
      }),
      req.originalUrl,
    );
  };
}
