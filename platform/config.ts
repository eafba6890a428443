import path from 'node:path';
import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

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
});

export interface TuttiConfig {
  port: number;
  apiKey?: string;
  dataDir: string;
  taskQueue: string;
  logLevel: z.infer<typeof environmentSchema>['TUTTI_LOG_LEVEL'];
  /** Activities one worker runs at once; unset: the SDK's default (100). */
  workerMaxActivities?: number;
  temporal: {
    /** Set when the user points Tutti at their own Temporal; otherwise the embedded dev server is used. */
    external: boolean;
    address: string;
    namespace: string;
    embeddedPort: number;
    embeddedUiPort: number;
  };
  mongo: {
    external: boolean;
    uri: string;
    embeddedPort: number;
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): TuttiConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration in the environment:\n${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    apiKey: e.TUTTI_API_KEY,
    dataDir: path.resolve(e.TUTTI_DATA_DIR),
    taskQueue: e.TUTTI_TASK_QUEUE,
    logLevel: e.TUTTI_LOG_LEVEL,
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
    },
  };
}
