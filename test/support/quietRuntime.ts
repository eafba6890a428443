import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * The SDK's runtime logs every worker start and poll at INFO; a test file wants to hear only about trouble.
 * Once per process: the runtime can be installed only before anything has used it.
 */
export function installQuietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process by an earlier test file: keep that one.
  }
}
