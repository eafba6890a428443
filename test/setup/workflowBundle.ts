// Vitest global setup for the workflow project: the workflow bundle, made once for the whole run (webpack takes
// seconds of CPU; each test file's worker loads the file instead), and a clear word if a server is missing.
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { testServerPath } from '../../dev/testServer';
import { temporalCliPath } from '../../dev/tools';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The bundle of test/workflow/support/testWorkflows.ts: every real workflow and the tests' stand-ins. */
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  for (const [server, binary] of [
    ['The Temporal test server', testServerPath()],
    ['The Temporal CLI', temporalCliPath()],
  ]) {
    if (!existsSync(binary)) {
      throw new Error(
        `${server} is not installed (${binary}): run \`npm run tools -- --for-tests\` (npm test does).`,
      );
    }
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tutti-workflow-tests-'));
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.resolve(__dirname, '../workflow/support/testWorkflows.ts'),
    logger: new DefaultLogger('WARN'),
  });
  const bundle = path.join(scratch, 'workflows.js');
  writeFileSync(bundle, code);
  project.provide('workflowBundlePath', bundle);
  return () => rmSync(scratch, { recursive: true, force: true });
}
