import pino from 'pino';

/** Structured JSON logs (pino): cheap on the hot path and readable by every log pipeline. */
export function createLogger(name: string, level: string = process.env.TUTTI_LOG_LEVEL ?? 'info') {
  return pino({ name, level });
}

export type Logger = ReturnType<typeof createLogger>;
