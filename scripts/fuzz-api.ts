// npm run fuzz: schemathesis against the API's own /openapi.json, on a throwaway stack (Temporal dev server,
// FerretDB, a worker and the API), with the checks of bench/fuzz/runSchemathesis.ts: no 5xx, every status
// documented, every answer of the documented shape. Prints requests, 5xx and violations per route; exits 1
// if there is any.
//   npm run fuzz -- [--requests 20000] [--max-examples 200] [--workers 2] [--seed 1] [--quick]
//                   [--url http://127.0.0.1:3000 --key KEY] [--report-dir DIR] [--verbose]
//                   [--checks not_a_server_error,status_code_conformance,...]
// --requests: keep running rounds (new seed each, generated phases only) until this many requests were sent.
// --quick: one round of 5 examples per operation (about a thousand requests, under a minute).
// --url/--key: fuzz an API that is already running (e.g. `npm run dev`) instead of a throwaway stack.
// --checks: schemathesis checks instead of the default four (e.g. add negative_data_rejection to see whether
//   everything the document calls invalid is refused).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FuzzStack } from '../bench/fuzz/fuzzStack';
import { startFuzzStack } from '../bench/fuzz/fuzzStack';
import { addRun, emptySummary, formatSummary, operationMatcher } from '../bench/fuzz/fuzzSummary';
import { runSchemathesis } from '../bench/fuzz/runSchemathesis';
import { seedExampleCustomer } from '../bench/fuzz/seedExampleCustomer';
import { killLiveChildren } from '../dev/childProcess';
import { ensureSchemathesis, ToolInstallError } from '../dev/tools';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    'max-examples': { type: 'string', default: '200' },
    workers: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    quick: { type: 'boolean', default: false },
    url: { type: 'string' },
    key: { type: 'string' },
    'report-dir': { type: 'string' },
    verbose: { type: 'boolean', default: false },
    checks: { type: 'string' },
  },
});
const TARGET_REQUESTS = values.quick ? 0 : Number(values.requests);
const MAX_EXAMPLES = values.quick ? 5 : Number(values['max-examples']);
const WORKERS = Number(values.workers);
const FIRST_SEED = Number(values.seed);
/** A runaway guard: a round that sends almost nothing must not loop for ever. */
const MAX_ROUNDS = 100;

async function main(): Promise<void> {
  if ((values.url === undefined) !== (values.key === undefined))
    throw new Error('--url and --key go together');
  const binary = await ensureSchemathesis((line) => console.error(line));
  const reportDir = values['report-dir'] ?? mkdtempSync(path.join(os.tmpdir(), 'tutti-fuzz-report-'));
  let stack: FuzzStack | undefined;
  const started = performance.now();
  try {
    let baseUrl = values.url;
    let apiKey = values.key;
    if (baseUrl === undefined || apiKey === undefined) {
      console.error('Starting a throwaway stack (Temporal dev server, FerretDB, worker, API) ...');
      stack = await startFuzzStack();
      ({ baseUrl, apiKey } = stack);
      await seedExampleCustomer(baseUrl, apiKey);
    }
    const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, object>;
    };
    const operationOf = operationMatcher(document.paths);

    const summary = emptySummary();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const seed = FIRST_SEED + round;
      const phases = round === 0 ? ['examples', 'coverage', 'fuzzing', 'stateful'] : ['fuzzing', 'stateful'];
      const before = summary.requests;
      const roundStarted = performance.now();
      const { ndjson } = await runSchemathesis({
        binary,
        baseUrl,
        apiKey,
        maxExamples: MAX_EXAMPLES,
        workers: WORKERS,
        seed,
        phases,
        dir: path.join(reportDir, `round-${round + 1}`),
        verbose: values.verbose,
        checks: values.checks?.split(','),
      });
      await addRun(summary, ndjson, operationOf);
      const sent = summary.requests - before;
      console.error(
        `round ${round + 1} (seed ${seed}, ${phases.join('+')}): ${sent} requests in ${((performance.now() - roundStarted) / 1000).toFixed(0)} s; total ${summary.requests}, 5xx ${summary.serverErrors}, schema ${summary.schemaViolations}, status ${summary.statusViolations}`,
      );
      if (summary.requests >= TARGET_REQUESTS || sent < 10) break;
    }

    const seconds = (performance.now() - started) / 1000;
    console.log(formatSummary(summary));
    console.log(`\n${summary.requests} requests in ${seconds.toFixed(0)} s. Reports: ${reportDir}`);
    if (stack) reportServerErrors(stack.apiLog);
    writeFileSync(
      path.join(reportDir, 'summary.json'),
      `${JSON.stringify({ seconds, ...summary }, null, 2)}\n`,
    );
    const failed =
      summary.serverErrors + summary.schemaViolations + summary.statusViolations + summary.otherFailedChecks;
    process.exitCode = failed > 0 ? 1 : 0;
  } finally {
    await stack?.stop();
  }
}

/** The API's own account of its 500s (the error handler logs each with its stack), grouped by message. */
function reportServerErrors(apiLog: string): void {
  let lines: string[] = [];
  try {
    lines = readFileSync(apiLog, 'utf8').split('\n').filter(Boolean);
  } catch {
    return;
  }
  const byMessage = new Map<string, { count: number; path: string; stack?: string }>();
  for (const line of lines) {
    const entry = JSON.parse(line) as {
      msg?: string;
      path?: string;
      err?: { message?: string; stack?: string };
    };
    const message = entry.err?.message ?? entry.msg ?? '?';
    const known = byMessage.get(message) ?? { count: 0, path: entry.path ?? '?', stack: entry.err?.stack };
    known.count++;
    byMessage.set(message, known);
  }
  if (byMessage.size === 0) return;
  console.log('\nErrors the API logged:');
  for (const [message, { count, path: where, stack }] of byMessage) {
    console.log(`- ${count}× ${where}: ${message.slice(0, 300)}`);
    const frame = stack?.split('\n').find((l) => l.includes(process.cwd()) && !l.includes('node_modules'));
    if (frame) console.log(`    ${frame.trim()}`);
  }
}

// Ctrl-C: the throwaway servers must not outlive the run.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killLiveChildren();
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ToolInstallError ? error.message : error);
  process.exit(1);
});
