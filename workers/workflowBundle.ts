import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const WORKFLOWS_PATH = path.resolve(__dirname, '../workflows/index.ts');

/**
 * Bundles the workflow code once into `file`, for workers started with TUTTI_WORKFLOW_BUNDLE. A worker that
 * bundles for itself spends ten seconds or more of CPU at every start (webpack), and a restart after a crash
 * is exactly when that hurts: `npm run dev` bundles once and every restart of its worker reuses the file, so
 * the worker polls again within a couple of seconds. Written to a temporary name and renamed, so a worker
 * never reads half a bundle.
 */
export async function writeWorkflowBundle(file: string): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: new DefaultLogger('WARN'),
  });
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  writeFileSync(partial, code);
  renameSync(partial, file);
  return file;
}
