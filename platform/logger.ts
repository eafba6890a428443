import pino from 'pino';
import type { LogLevel } from './config';

/**
 * Structured JSON logs (pino): cheap on the hot path and readable by every log pipeline. The level is the
 * caller's: the configuration's (TUTTI_LOG_LEVEL, platform/config.ts) in a process, or a fixed one in tests.
 */
export function createLogger(name: string, level: LogLevel) {
  return pino({ name, level });
}

export type Logger = ReturnType<typeof createLogger>;
