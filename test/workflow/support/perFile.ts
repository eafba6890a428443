import { afterAll, beforeAll } from 'vitest';

/**
 * Starts `start` before the calling file's first test and closes it after its last (vitest hooks). Answers
 * how to reach it from inside a test.
 */
export function perFile<T extends { close(): Promise<void> }>(start: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  beforeAll(async () => {
    started = start();
    await started;
  });
  afterAll(async () => {
    // A start that failed has already failed the file.
    const running = await started?.catch(() => undefined);
    await running?.close();
  });
  return () => started ?? Promise.reject(new Error('Started before the first test: reach it inside a test.'));
}
