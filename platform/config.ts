import path from 'node:path';
import { z } from 'zod';

// Every environment variable Tutti reads is declared here, once, and read only through the loaders below
// (README.md, Configuration, lists them all). A process reads the settings it uses, at start, and refuses to
// start on a bad one, naming the variable and why: better than finding out at the first send or query.

/**
 * Connections (so operations in flight) per process. FerretDB v1 serves each database from a pool of 100
 * SQLite connections, and an update of an existing document holds two of them at once; a few processes at
 * this size stay far below that. Measured on 2 cores (storage/README.md): more only queues writes inside the
 * server, where SQLite runs one write at a time anyway.
 */
export const DEFAULT_MONGO_MAX_POOL = 8;
/** No single operation of ours legitimately takes seconds; a hung server must fail it well within an activity's 30 s. */
export const DEFAULT_MONGO_TIMEOUT_MS = 10_000;
/**
 * How long one API call waits on Temporal (TUTTI_API_TEMPORAL_TIMEOUT_MS): a signal-with-start, or a contact
 * request's Update until the customer's workflow answers. Without a bound, the SDK's own retries keep a call
 * going for ~20 s while Temporal is down, and an Update waits as long as the workflow takes — longer than any
 * client waits. Past it the answer is 503 with Retry-After: what was admitted is still applied (and decided
 * once: a contact request is answered by its id), so the same request sent again gets the answer.
 */
export const DEFAULT_API_TEMPORAL_TIMEOUT_MS = 10_000;

/**
 * Requests per second one key may send to one API replica, by role (TUTTI_RATE_LIMIT_INGEST, _MEMBER, _ADMIN),
 * with a burst of one more second's worth in any 10 s. Generous: the ingest benchmark sends a few hundred
 * requests per second with one admin key and must not notice. 0 turns the limit off.
 */
/** Workflows a worker keeps in memory between tasks; an evicted one is replayed from its history when next needed. */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 500;

export const DEFAULT_RATE_LIMITS = { ingest: 2000, member: 1000, admin: 1000 } as const;

/** The labelled data sets of the sentiment scripts: `../shared/data/sentiment` next to the repository. */
export const DEFAULT_SENTIMENT_DATA_DIR = path.resolve(__dirname, '../../shared/data/sentiment');

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A configured tracking secret is at least this long: 32 random characters carry some 190 bits. */
export const MIN_TRACKING_SECRET_LENGTH = 32;

const port = (fallback: number) => wholeNumber(1, 65535).default(fallback);
const text = z.string().trim();

function wholeNumber(min: number, max: number) {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

function url(protocols: string[]) {
  return text.refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { error: `must be a ${protocols.map((p) => p.replace(':', '')).join(' or ')} URL` },
  );
}

/** Every variable, once. Empty and whitespace-only values count as unset (`TUTTI_SMTP_URL=` means "none"). */
const variables = z.object({
  PORT: port(3000),
  TUTTI_API_KEY: text.optional(),
  TUTTI_DATA_DIR: text.default('.data'),
  TUTTI_TEMPORAL_PORT: port(7233),
  TUTTI_TEMPORAL_UI_PORT: port(8233),
  // Where people open the Temporal Web UI: the dashboard links each customer to its workflow there.
  TUTTI_TEMPORAL_UI_URL: url(['http:', 'https:']).optional(),
  TUTTI_MONGO_PORT: port(27017),
  TEMPORAL_ADDRESS: text.optional(),
  TEMPORAL_NAMESPACE: text.default('default'),
  // A Temporal cluster with TLS, or Temporal Cloud (docs/SCALING.md, "Past one machine").
  TEMPORAL_API_KEY: text.optional(),
  TEMPORAL_TLS: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  TEMPORAL_TLS_CERT: text.optional(),
  TEMPORAL_TLS_KEY: text.optional(),
  TEMPORAL_TLS_CA: text.optional(),
  MONGODB_URI: text.optional(),
  TUTTI_TASK_QUEUE: text.default('tutti'),
  TUTTI_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  TUTTI_WORKER_MAX_ACTIVITIES: wholeNumber(1, 10_000).optional(),
  // About 2 MiB each (the workflow bundle's module state per workflow), so the SDK's default, which grows with the
  // heap limit (thousands on this machine), would take gigabytes with a large population (docs/SCALING.md).
  TUTTI_WORKER_MAX_CACHED_WORKFLOWS: wholeNumber(0, 1_000_000).default(DEFAULT_MAX_CACHED_WORKFLOWS),
  // A workflow bundle written by workers/workflowBundle.ts (npm run dev sets it); unset: bundle at start.
  TUTTI_WORKFLOW_BUNDLE: text.optional(),
  // Storage (storage/README.md): at most this many MongoDB operations in flight per process, and the longest
  // one operation may wait for a connection or for an answer before it fails.
  TUTTI_MONGO_MAX_POOL: wholeNumber(1, 100).default(DEFAULT_MONGO_MAX_POOL),
  TUTTI_MONGO_TIMEOUT_MS: wholeNumber(100, 600_000).default(DEFAULT_MONGO_TIMEOUT_MS),
  // How long the API waits on one call to Temporal (api/temporalCalls.ts).
  TUTTI_API_TEMPORAL_TIMEOUT_MS: wholeNumber(100, 600_000).default(DEFAULT_API_TEMPORAL_TIMEOUT_MS),
  // Requests per second per key per API replica, by the key's role (api/rateLimit.ts); 0: no limit.
  TUTTI_RATE_LIMIT_INGEST: wholeNumber(0, 1_000_000).default(DEFAULT_RATE_LIMITS.ingest),
  TUTTI_RATE_LIMIT_MEMBER: wholeNumber(0, 1_000_000).default(DEFAULT_RATE_LIMITS.member),
  TUTTI_RATE_LIMIT_ADMIN: wholeNumber(0, 1_000_000).default(DEFAULT_RATE_LIMITS.admin),
  // Customer workflows the API starts continue-as-new at this history length instead of when Temporal suggests
  // it. Below 10 a workflow would do little else; Temporal refuses histories past 51,200 events.
  TUTTI_CUSTOMER_HISTORY_LIMIT: wholeNumber(10, 50_000).optional(),
  // Delivery (docs/DELIVERY.md): where messages and team alerts go; unset, the outbox and alerts collections.
  TUTTI_WEBHOOK_URL: url(['http:', 'https:']).optional(),
  TUTTI_WEBHOOK_SECRET: text.optional(),
  TUTTI_SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  TUTTI_SMTP_FROM: text.optional(),
  TUTTI_ALERT_WEBHOOK_URL: url(['http:', 'https:']).optional(),
  // Tracking (docs/TRACKING.md): where the API's /t routes are reachable from the internet (links in messages
  // point there), and the secret their tokens are signed with; unset, one made for the installation.
  TUTTI_PUBLIC_URL: url(['http:', 'https:']).optional(),
  TUTTI_TRACKING_SECRET: text
    .min(MIN_TRACKING_SECRET_LENGTH, {
      error: `must be at least ${MIN_TRACKING_SECRET_LENGTH} characters (e.g. openssl rand -base64 32)`,
    })
    .optional(),
  // The dev stack's binaries (dev/tools.ts): unset, the ones it installs into .tools/.
  TUTTI_TEMPORAL_BIN: text.optional(),
  TUTTI_FERRETDB_BIN: text.optional(),
  // The sentiment scripts' labelled data (docs/SENTIMENT.md).
  TUTTI_SENTIMENT_DATA: text.optional(),
});

type Variables = z.infer<typeof variables>;

function parseEnvironment<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const set = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration in the environment:\n${problems}`);
  }
  return parsed.data;
}

/** The settings of the API, the worker, the dev stack and the scripts that reach the servers. */
export interface TuttiConfig {
  port: number;
  apiKey?: string;
  dataDir: string;
  taskQueue: string;
  logLevel: LogLevel;
  /** How long the API waits on one call to Temporal before answering 503 (TUTTI_API_TEMPORAL_TIMEOUT_MS). */
  apiTemporalTimeoutMs: number;
  /** Requests per second per key per API replica, by role; 0: no limit (TUTTI_RATE_LIMIT_*). */
  rateLimits: RateLimits;
  /** Activities one worker runs at once; unset: the SDK's default (100). */
  workerMaxActivities?: number;
  /** Workflows one worker keeps in memory between their tasks (TUTTI_WORKER_MAX_CACHED_WORKFLOWS). */
  workerMaxCachedWorkflows: number;
  /** A prebuilt workflow bundle for the worker (TUTTI_WORKFLOW_BUNDLE); unset: the worker bundles at start. */
  workflowBundle?: string;
  /**
   * History length at which customer workflows the API starts continue-as-new (TUTTI_CUSTOMER_HISTORY_LIMIT);
   * unset: when Temporal suggests it.
   */
  customerHistoryLimit?: number;
  temporal: {
    /** Set when the user points Tutti at their own Temporal; otherwise the embedded dev server is used. */
    external: boolean;
    address: string;
    namespace: string;
    /** How to reach it past one machine: TLS and an API key (TEMPORAL_TLS*, TEMPORAL_API_KEY). */
    security: TemporalSecurity;
    embeddedPort: number;
    embeddedUiPort: number;
    /**
     * The Temporal Web UI's base URL, without a trailing slash (TUTTI_TEMPORAL_UI_URL); unset: the embedded
     * server's UI on localhost, or none for an external Temporal.
     */
    uiUrl?: string;
  };
  mongo: MongoSettings & {
    external: boolean;
    uri: string;
    embeddedPort: number;
  };
  tracking: TrackingConfig;
}

/** Tracked links (docs/TRACKING.md). */
export interface TrackingConfig {
  /** Where the API is reachable from the internet, without a trailing slash (TUTTI_PUBLIC_URL). */
  publicUrl: string;
  /**
   * What tokens are signed with (TUTTI_TRACKING_SECRET); unset: a random one kept in the database
   * (storage/trackingSecret.ts), shared by every process of the installation.
   */
  secret?: string;
}

export interface RateLimits {
  ingest: number;
  member: number;
  admin: number;
}

/** How a process talks to MongoDB (storage/connection.ts). */
export interface MongoSettings {
  /** Driver connections, so operations in flight, per process (TUTTI_MONGO_MAX_POOL). */
  maxPoolSize: number;
  /**
   * The longest an operation waits for a free connection, and the longest it waits for the server's answer,
   * before it fails (TUTTI_MONGO_TIMEOUT_MS).
   */
  timeoutMs: number;
}

const configVariables = variables.pick({
  PORT: true,
  TUTTI_API_KEY: true,
  TUTTI_DATA_DIR: true,
  TUTTI_TEMPORAL_PORT: true,
  TUTTI_TEMPORAL_UI_PORT: true,
  TUTTI_TEMPORAL_UI_URL: true,
  TUTTI_MONGO_PORT: true,
  TEMPORAL_ADDRESS: true,
  TEMPORAL_NAMESPACE: true,
  TEMPORAL_API_KEY: true,
  TEMPORAL_TLS: true,
  TEMPORAL_TLS_CERT: true,
  TEMPORAL_TLS_KEY: true,
  TEMPORAL_TLS_CA: true,
  MONGODB_URI: true,
  TUTTI_TASK_QUEUE: true,
  TUTTI_LOG_LEVEL: true,
  TUTTI_WORKER_MAX_ACTIVITIES: true,
  TUTTI_WORKER_MAX_CACHED_WORKFLOWS: true,
  TUTTI_WORKFLOW_BUNDLE: true,
  TUTTI_MONGO_MAX_POOL: true,
  TUTTI_MONGO_TIMEOUT_MS: true,
  TUTTI_API_TEMPORAL_TIMEOUT_MS: true,
  TUTTI_CUSTOMER_HISTORY_LIMIT: true,
  TUTTI_RATE_LIMIT_INGEST: true,
  TUTTI_RATE_LIMIT_MEMBER: true,
  TUTTI_RATE_LIMIT_ADMIN: true,
  TUTTI_PUBLIC_URL: true,
  TUTTI_TRACKING_SECRET: true,
});

/**
 * TLS and credentials for a Temporal that is not the embedded one. Paths, not contents: a key pair is a file an
 * operator mounts. TLS is on when asked, or when an API key or a client certificate is given (Temporal Cloud
 * takes either, always over TLS); `TEMPORAL_TLS=false` keeps an API key on a plain connection (a proxy that
 * ends TLS).
 */
export interface TemporalSecurity {
  tls: boolean;
  apiKey?: string;
  /** PEM files: the client's certificate and key (mTLS), and the server's CA when it is not a public one. */
  clientCertPath?: string;
  clientKeyPath?: string;
  serverCaPath?: string;
}

function temporalSecurityOf(e: {
  TEMPORAL_API_KEY?: string;
  TEMPORAL_TLS?: 'true' | 'false';
  TEMPORAL_TLS_CERT?: string;
  TEMPORAL_TLS_KEY?: string;
  TEMPORAL_TLS_CA?: string;
}): TemporalSecurity {
  if ((e.TEMPORAL_TLS_CERT === undefined) !== (e.TEMPORAL_TLS_KEY === undefined)) {
    const missing = e.TEMPORAL_TLS_CERT === undefined ? 'TEMPORAL_TLS_CERT' : 'TEMPORAL_TLS_KEY';
    throw new Error(
      `Invalid configuration in the environment:\n  ${missing}: must be set with ${missing === 'TEMPORAL_TLS_CERT' ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT'} (a client certificate and its key)`,
    );
  }
  const certificate = e.TEMPORAL_TLS_CERT !== undefined;
  if (e.TEMPORAL_TLS === 'false' && (certificate || e.TEMPORAL_TLS_CA !== undefined)) {
    throw new Error(
      'Invalid configuration in the environment:\n  TEMPORAL_TLS: is false, but a certificate (TEMPORAL_TLS_CERT, TEMPORAL_TLS_CA) is set',
    );
  }
  return {
    tls:
      e.TEMPORAL_TLS === 'true' ||
      (e.TEMPORAL_TLS === undefined &&
        (e.TEMPORAL_API_KEY !== undefined || certificate || e.TEMPORAL_TLS_CA !== undefined)),
    ...(e.TEMPORAL_API_KEY !== undefined ? { apiKey: e.TEMPORAL_API_KEY } : {}),
    ...(certificate
      ? {
          clientCertPath: path.resolve(e.TEMPORAL_TLS_CERT!),
          clientKeyPath: path.resolve(e.TEMPORAL_TLS_KEY!),
        }
      : {}),
    ...(e.TEMPORAL_TLS_CA !== undefined ? { serverCaPath: path.resolve(e.TEMPORAL_TLS_CA) } : {}),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): TuttiConfig {
  const e = parseEnvironment(configVariables, env);
  return {
    port: e.PORT,
    apiKey: e.TUTTI_API_KEY,
    dataDir: path.resolve(e.TUTTI_DATA_DIR),
    taskQueue: e.TUTTI_TASK_QUEUE,
    logLevel: e.TUTTI_LOG_LEVEL,
    apiTemporalTimeoutMs: e.TUTTI_API_TEMPORAL_TIMEOUT_MS,
    rateLimits: {
      ingest: e.TUTTI_RATE_LIMIT_INGEST,
      member: e.TUTTI_RATE_LIMIT_MEMBER,
      admin: e.TUTTI_RATE_LIMIT_ADMIN,
    },
    ...(e.TUTTI_WORKFLOW_BUNDLE ? { workflowBundle: path.resolve(e.TUTTI_WORKFLOW_BUNDLE) } : {}),
    ...(e.TUTTI_WORKER_MAX_ACTIVITIES !== undefined
      ? { workerMaxActivities: e.TUTTI_WORKER_MAX_ACTIVITIES }
      : {}),
    workerMaxCachedWorkflows: e.TUTTI_WORKER_MAX_CACHED_WORKFLOWS,
    ...(e.TUTTI_CUSTOMER_HISTORY_LIMIT !== undefined
      ? { customerHistoryLimit: e.TUTTI_CUSTOMER_HISTORY_LIMIT }
      : {}),
    temporal: {
      external: e.TEMPORAL_ADDRESS !== undefined,
      address: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.TUTTI_TEMPORAL_PORT}`,
      namespace: e.TEMPORAL_NAMESPACE,
      security: temporalSecurityOf(e),
      embeddedPort: e.TUTTI_TEMPORAL_PORT,
      embeddedUiPort: e.TUTTI_TEMPORAL_UI_PORT,
      ...temporalUiUrlOf(e),
    },
    mongo: {
      external: e.MONGODB_URI !== undefined,
      uri: e.MONGODB_URI ?? `mongodb://127.0.0.1:${e.TUTTI_MONGO_PORT}/tutti`,
      embeddedPort: e.TUTTI_MONGO_PORT,
      ...mongoSettingsOf(e),
    },
    tracking: trackingConfigOf(e),
  };
}

/** The embedded server's UI is on this machine; an external Temporal's UI is wherever its operators put it. */
function temporalUiUrlOf(
  e: Pick<Variables, 'TUTTI_TEMPORAL_UI_URL' | 'TEMPORAL_ADDRESS' | 'TUTTI_TEMPORAL_UI_PORT'>,
): { uiUrl?: string } {
  if (e.TUTTI_TEMPORAL_UI_URL !== undefined) return { uiUrl: e.TUTTI_TEMPORAL_UI_URL.replace(/\/+$/, '') };
  return e.TEMPORAL_ADDRESS === undefined ? { uiUrl: `http://localhost:${e.TUTTI_TEMPORAL_UI_PORT}` } : {};
}

/** Without TUTTI_PUBLIC_URL, the API where a developer runs it: http://localhost:PORT. */
function trackingConfigOf(
  e: Pick<Variables, 'PORT' | 'TUTTI_PUBLIC_URL' | 'TUTTI_TRACKING_SECRET'>,
): TrackingConfig {
  return {
    publicUrl: (e.TUTTI_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    ...(e.TUTTI_TRACKING_SECRET !== undefined ? { secret: e.TUTTI_TRACKING_SECRET } : {}),
  };
}

/** The MongoDB settings alone, for code that opens storage without the rest of the configuration. */
export function loadMongoSettings(env: NodeJS.ProcessEnv = process.env): MongoSettings {
  return mongoSettingsOf(
    parseEnvironment(variables.pick({ TUTTI_MONGO_MAX_POOL: true, TUTTI_MONGO_TIMEOUT_MS: true }), env),
  );
}

function mongoSettingsOf(
  e: Pick<Variables, 'TUTTI_MONGO_MAX_POOL' | 'TUTTI_MONGO_TIMEOUT_MS'>,
): MongoSettings {
  return { maxPoolSize: e.TUTTI_MONGO_MAX_POOL, timeoutMs: e.TUTTI_MONGO_TIMEOUT_MS };
}

/**
 * Where deliveries go. Every part is optional: without it, the outbox (or alerts) collection is the
 * destination, so the embedded default needs nothing configured.
 */
export interface DeliveryConfig {
  /** Channel webhook, and the relay for sms and push (Tutti has no SMS/push provider of its own). */
  webhook?: { url: string; secret: string };
  /** Channel email, through nodemailer. `url` like smtp://user:pass@host:587. */
  smtp?: { url: string; from: string };
  /** Slack-compatible incoming webhook for team alerts. */
  alertWebhookUrl?: string;
  /** Tracked links, the open pixel and List-Unsubscribe (docs/TRACKING.md); none: messages go as written. */
  tracking?: TrackingConfig;
}

const deliveryVariables = variables
  .pick({
    TUTTI_WEBHOOK_URL: true,
    TUTTI_WEBHOOK_SECRET: true,
    TUTTI_SMTP_URL: true,
    TUTTI_SMTP_FROM: true,
    TUTTI_ALERT_WEBHOOK_URL: true,
    PORT: true,
    TUTTI_PUBLIC_URL: true,
    TUTTI_TRACKING_SECRET: true,
  })
  // Refuse half a configuration at startup: an unsigned webhook could not be verified by its receiver, and
  // a relay without a sender address rejects every email — both better found now than at the first send.
  .refine((e) => e.TUTTI_WEBHOOK_URL === undefined || e.TUTTI_WEBHOOK_SECRET !== undefined, {
    path: ['TUTTI_WEBHOOK_SECRET'],
    error: 'is required when TUTTI_WEBHOOK_URL is set (every webhook is signed with it)',
  })
  .refine((e) => e.TUTTI_SMTP_URL === undefined || e.TUTTI_SMTP_FROM !== undefined, {
    path: ['TUTTI_SMTP_FROM'],
    error: 'is required when TUTTI_SMTP_URL is set (e.g. "Acme <hello@acme.test>")',
  });

/** Reads the delivery settings once, at worker start; the activities receive the result, not the env. */
export function loadDeliveryConfig(env: NodeJS.ProcessEnv = process.env): DeliveryConfig {
  const e = parseEnvironment(deliveryVariables, env);
  return {
    ...(e.TUTTI_WEBHOOK_URL && e.TUTTI_WEBHOOK_SECRET
      ? { webhook: { url: e.TUTTI_WEBHOOK_URL, secret: e.TUTTI_WEBHOOK_SECRET } }
      : {}),
    ...(e.TUTTI_SMTP_URL && e.TUTTI_SMTP_FROM
      ? { smtp: { url: e.TUTTI_SMTP_URL, from: e.TUTTI_SMTP_FROM } }
      : {}),
    ...(e.TUTTI_ALERT_WEBHOOK_URL ? { alertWebhookUrl: e.TUTTI_ALERT_WEBHOOK_URL } : {}),
    tracking: trackingConfigOf(e),
  };
}

/** Binaries the dev stack uses instead of installing its own into .tools/ (dev/tools.ts). */
export interface ToolPaths {
  /** A Temporal CLI (TUTTI_TEMPORAL_BIN). */
  temporal?: string;
  /** A FerretDB built from tools/ferretdb (TUTTI_FERRETDB_BIN). */
  ferretDb?: string;
}

export function loadToolPaths(env: NodeJS.ProcessEnv = process.env): ToolPaths {
  const e = parseEnvironment(variables.pick({ TUTTI_TEMPORAL_BIN: true, TUTTI_FERRETDB_BIN: true }), env);
  return {
    ...(e.TUTTI_TEMPORAL_BIN ? { temporal: path.resolve(e.TUTTI_TEMPORAL_BIN) } : {}),
    ...(e.TUTTI_FERRETDB_BIN ? { ferretDb: path.resolve(e.TUTTI_FERRETDB_BIN) } : {}),
  };
}

/** The folder of labelled data the sentiment scripts evaluate and train on (TUTTI_SENTIMENT_DATA). */
export function loadSentimentDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const e = parseEnvironment(variables.pick({ TUTTI_SENTIMENT_DATA: true }), env);
  return e.TUTTI_SENTIMENT_DATA ? path.resolve(e.TUTTI_SENTIMENT_DATA) : DEFAULT_SENTIMENT_DATA_DIR;
}
