import path from 'node:path';
import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

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

/** Every setting Tutti reads from the environment (DESIGN.md, Configuration). */
const environmentSchema = z.object({
  PORT: port(3000),
  TUTTI_API_KEY: optionalText,
  TUTTI_DATA_DIR: z.string().default('.data'),
  TUTTI_TEMPORAL_PORT: port(7233),
  TUTTI_TEMPORAL_UI_PORT: port(8233),
  TUTTI_MONGO_PORT: port(27017),
  TEMPORAL_ADDRESS: optionalText,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  MONGODB_URI: optionalText,
  TUTTI_TASK_QUEUE: z.string().default('tutti'),
  TUTTI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TUTTI_WORKER_MAX_ACTIVITIES: z.coerce.number().int().min(1).max(10_000).optional(),
  // A workflow bundle written by workers/workflowBundle.ts (npm run dev sets it); unset: bundle at start.
  TUTTI_WORKFLOW_BUNDLE: optionalText,
  // Storage (storage/README.md): at most this many MongoDB operations in flight per process, and the longest
  // one operation may wait for a connection or for an answer before it fails.
  TUTTI_MONGO_MAX_POOL: z.coerce.number().int().min(1).max(100).default(DEFAULT_MONGO_MAX_POOL),
  TUTTI_MONGO_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(DEFAULT_MONGO_TIMEOUT_MS),
  // How long the API waits on one call to Temporal (api/temporalCalls.ts).
  TUTTI_API_TEMPORAL_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(DEFAULT_API_TEMPORAL_TIMEOUT_MS),
});

export interface TuttiConfig {
  port: number;
  apiKey?: string;
  dataDir: string;
  taskQueue: string;
  logLevel: z.infer<typeof environmentSchema>['TUTTI_LOG_LEVEL'];
  /** How long the API waits on one call to Temporal before answering 503 (TUTTI_API_TEMPORAL_TIMEOUT_MS). */
  apiTemporalTimeoutMs: number;
  /** Activities one worker runs at once; unset: the SDK's default (100). */
  workerMaxActivities?: number;
  /** A prebuilt workflow bundle for the worker (TUTTI_WORKFLOW_BUNDLE); unset: the worker bundles at start. */
  workflowBundle?: string;
  temporal: {
    /** Set when the user points Tutti at their own Temporal; otherwise the embedded dev server is used. */
    external: boolean;
    address: string;
    namespace: string;
    embeddedPort: number;
    embeddedUiPort: number;
  };
  mongo: MongoSettings & {
    external: boolean;
    uri: string;
    embeddedPort: number;
  };
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

function parseEnvironment<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration in the environment:\n${problems}`);
  }
  return parsed.data;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): TuttiConfig {
  const e = parseEnvironment(environmentSchema, env);
  return {
    port: e.PORT,
    apiKey: e.TUTTI_API_KEY,
    dataDir: path.resolve(e.TUTTI_DATA_DIR),
    taskQueue: e.TUTTI_TASK_QUEUE,
    logLevel: e.TUTTI_LOG_LEVEL,
    apiTemporalTimeoutMs: e.TUTTI_API_TEMPORAL_TIMEOUT_MS,
    ...(e.TUTTI_WORKFLOW_BUNDLE ? { workflowBundle: path.resolve(e.TUTTI_WORKFLOW_BUNDLE) } : {}),
    ...(e.TUTTI_WORKER_MAX_ACTIVITIES !== undefined
      ? { workerMaxActivities: e.TUTTI_WORKER_MAX_ACTIVITIES }
      : {}),
    temporal: {
      external: e.TEMPORAL_ADDRESS !== undefined,
      address: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.TUTTI_TEMPORAL_PORT}`,
      namespace: e.TEMPORAL_NAMESPACE,
      embeddedPort: e.TUTTI_TEMPORAL_PORT,
      embeddedUiPort: e.TUTTI_TEMPORAL_UI_PORT,
    },
    mongo: {
      external: e.MONGODB_URI !== undefined,
      uri: e.MONGODB_URI ?? `mongodb://127.0.0.1:${e.TUTTI_MONGO_PORT}/tutti`,
      embeddedPort: e.TUTTI_MONGO_PORT,
      maxPoolSize: e.TUTTI_MONGO_MAX_POOL,
      timeoutMs: e.TUTTI_MONGO_TIMEOUT_MS,
    },
  };
}

/** The MongoDB settings alone, for code that opens storage without the rest of the configuration. */
export function loadMongoSettings(env: NodeJS.ProcessEnv = process.env): MongoSettings {
  const e = parseEnvironment(
    environmentSchema.pick({ TUTTI_MONGO_MAX_POOL: true, TUTTI_MONGO_TIMEOUT_MS: true }),
    env,
  );
  return { maxPoolSize: e.TUTTI_MONGO_MAX_POOL, timeoutMs: e.TUTTI_MONGO_TIMEOUT_MS };
}
