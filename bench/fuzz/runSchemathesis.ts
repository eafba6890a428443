import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The checks of every run: no 5xx, every status documented, every body of the documented shape and type.
 * (schemathesis 4.x names; `positive_data_acceptance` and `negative_data_rejection` are left out: the
 * document's request schemas cannot carry every rule the API enforces — sizes of free-form objects,
 * cross-field rules — so they would report the document's reach, not the API's behaviour.)
 */
export const FUZZ_CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'response_schema_conformance',
  'content_type_conformance',
  // A method a path does not have: 405 with Allow.
  'unsupported_method',
] as const;

export interface SchemathesisRun {
  binary: string;
  baseUrl: string;
  apiKey: string;
  /** Test cases per operation and phase (schemathesis `--max-examples`). */
  maxExamples: number;
  workers: number;
  seed: number;
  /** Phases to run; the coverage phase is deterministic, so only the first round needs it. */
  phases: string[];
  /** Where the NDJSON report (and anything schemathesis writes) goes. */
  dir: string;
  /** Prints schemathesis's own output as it runs. */
  verbose?: boolean;
  /** Checks to run instead of FUZZ_CHECKS (schemathesis names, e.g. `negative_data_rejection`). */
  checks?: readonly string[];
}

/** Runs schemathesis 4.x once; resolves to its NDJSON report. Its exit code says only "something failed". */
export async function runSchemathesis(run: SchemathesisRun): Promise<{ exitCode: number; ndjson: string }> {
  mkdirSync(run.dir, { recursive: true });
  const args = [
    'run',
    `${run.baseUrl}/openapi.json`,
    '--header',
    `Authorization: Bearer ${run.apiKey}`,
    '--checks',
    (run.checks ?? FUZZ_CHECKS).join(','),
    '--max-examples',
    String(run.maxExamples),
    '--workers',
    String(run.workers),
    '--seed',
    String(run.seed),
    '--phases',
    run.phases.join(','),
    // Every request is checked and counted, not just those up to an operation's first failure.
    '--continue-on-failure',
    // A live stream never ends: every request to it would only wait out the timeout below.
    '--exclude-path',
    '/v1/decisions/stream',
    // Each run is its own: no examples replayed from an earlier run's database.
    '--generation-database',
    'none',
    '--request-timeout',
    '30',
    '--report',
    'ndjson',
    '--report-dir',
    run.dir,
    '--no-color',
  ];
  const exitCode = await new Promise<number>((resolve, reject) => {
    const child = spawn(run.binary, args, {
      cwd: run.dir,
      stdio: ['ignore', run.verbose ? 'inherit' : 'ignore', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? 1));
  });
  const report = readdirSync(run.dir).find((name) => name.endsWith('.ndjson'));
  if (!report) throw new Error(`schemathesis wrote no report (exit code ${exitCode}); run it with --verbose`);
  return { exitCode, ndjson: path.join(run.dir, report) };
}
