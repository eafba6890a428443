import pino from 'pino';
import type { LogLevel } from './config';

/**
 * Structured JSON logs (pino): cheap on the hot path and readable by every log pipeline. The level is the
 * caller's: the configuration's (TUTTI_LOG_LEVEL, platform/config.ts) in a process, or a fixed one in tests.
 */
export function createLogger(name: string, level: LogLevel, destination?: pino.DestinationStream) {
  return pino({ name, level, redact: { paths: REDACTED, censor: '[redacted]' } }, destination);
}

/**
 * Never written to a log, wherever they appear in what is logged: credentials in request headers (an error
 * logged with its request), API keys, and the secrets of delivery settings.
 */
export const REDACTED = [
  'authorization',
  'headers.authorization',
  '*.headers.authorization',
  '*.*.headers.authorization',
  'apiKey',
  '*.apiKey',
  'key',
  '*.key',
  'secret',
  '*.secret',
  'webhook.secret',
  'smtp.url',
];

export type Logger = ReturnType<typeof createLogger>;
