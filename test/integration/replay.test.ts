import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../workers/createWorker';

const HISTORIES = path.join(__dirname, '../histories');

/**
 * Recorded histories (test/histories, made by `npm run histories:record`) replay against the current
 * workflow code: a change that would break running customer workflows fails here, before a deploy.
 */
it('replays every recorded history against the current workflow code without nondeterminism', async () => {
  const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
  expect(files.length).toBeGreaterThan(0);
  const histories = files.map((file) => ({
    workflowId: path.basename(file, '.json'),
    history: JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')) as object,
  }));
  const results = [];
  for await (const result of Worker.runReplayHistories({ workflowsPath: WORKFLOWS_PATH }, histories))
    results.push(result);
  expect(results.map((r) => ({ id: r.workflowId, error: r.error?.message }))).toEqual(
    histories.map((h) => ({ id: h.workflowId, error: undefined })),
  );
});
