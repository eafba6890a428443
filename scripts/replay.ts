// Replays workflow histories against the current workflow code and reports nondeterminism — run it
// before a deploy, against the histories of workflows that are running in production:
//   npm run replay -- --workflow-id 'customer:default:c-42'
//   npm run replay -- --query "WorkflowType = 'cartRecoveryJourney' AND ExecutionStatus = 'Running'"
//   npm run replay -- --dir test/histories
// It connects to TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE (the embedded dev server by default). Exit code 0:
// every history replayed; 1: at least one did not (each is named with the error); 2: bad arguments.
import { Client, Connection } from '@temporalio/client';
import type { ReplayResult } from '@temporalio/worker';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import { temporalConnectionOptions } from '../platform/temporalConnectionOptions';
import { WORKFLOWS_PATH } from '../workers/workflowBundle';

const USAGE = `Usage: npm run replay -- (--workflow-id ID [--run-id RUN] | --query 'VISIBILITY QUERY' [--limit N] | --dir DIR)
                       [--workflows PATH]
  --workflow-id  one workflow's history (its latest run, or --run-id)
  --query        every workflow the visibility query matches (at most --limit, default 100), e.g.
                 "WorkflowType = 'serviceRecoveryJourney' AND ExecutionStatus = 'Running'"
  --dir          every *.json history in a folder (as written by \`temporal workflow show --output json\`)
  --workflows    the workflow code to replay against (default: workflows/index.ts of this checkout)`;

interface NamedHistory {
  workflowId: string;
  history: unknown;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        'workflow-id': { type: 'string' },
        'run-id': { type: 'string' },
        query: { type: 'string' },
        limit: { type: 'string', default: '100' },
        dir: { type: 'string' },
        workflows: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const sources = [args['workflow-id'], args.query, args.dir].filter((v) => v !== undefined);
  const limit = Number(args.limit);
  if (args.help || sources.length !== 1 || !Number.isInteger(limit) || limit < 1) {
    console.error(USAGE);
    return args.help ? 0 : 2;
  }
  Runtime.install({ logger: new DefaultLogger('WARN') });

  const histories = args.dir ? historiesInFolder(args.dir) : await historiesFromServer(args, limit);
  if (histories.length === 0) {
    console.error('No workflow matched: nothing to replay.');
    return 1;
  }
  const workflowsPath = args.workflows ? path.resolve(args.workflows) : WORKFLOWS_PATH;
  console.log(
    `Replaying ${histories.length} histor${histories.length === 1 ? 'y' : 'ies'} against ${workflowsPath}`,
  );
  const failures: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories(
    { workflowsPath, replayName: 'tutti-replay' },
    histories as Parameters<typeof Worker.runReplayHistories>[1],
  )) {
    if (result.error) {
      failures.push(result);
      console.log(`FAIL ${result.workflowId}\n     ${result.error.name}: ${result.error.message}`);
    } else {
      console.log(`ok   ${result.workflowId}`);
    }
  }
  console.log(
    failures.length === 0
      ? `All ${histories.length} replayed: the current code is compatible with these histories.`
      : `${failures.length} of ${histories.length} did not replay: deploying this code would break them (see docs/ARCHITECTURE.md, "Changing a running journey").`,
  );
  return failures.length === 0 ? 0 : 1;
}

function historiesInFolder(dir: string): NamedHistory[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      workflowId: path.basename(file, '.json'),
      history: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as unknown,
    }));
}

async function historiesFromServer(
  args: { 'workflow-id'?: string; 'run-id'?: string; query?: string },
  limit: number,
): Promise<NamedHistory[]> {
  const config = loadConfig();
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const executions: { workflowId: string; runId?: string }[] = [];
    if (args['workflow-id']) {
      executions.push({ workflowId: args['workflow-id'], runId: args['run-id'] });
    } else {
      for await (const wf of client.workflow.list({ query: args.query })) {
        executions.push({ workflowId: wf.workflowId, runId: wf.runId });
        if (executions.length >= limit) break;
      }
    }
    const histories: NamedHistory[] = [];
    for (const { workflowId, runId } of executions) {
      const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
      histories.push({ workflowId: runId ? `${workflowId} (run ${runId})` : workflowId, history });
    }
    return histories;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
