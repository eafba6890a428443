// Installs the servers the embedded default runs (Temporal CLI, FerretDB) into .tools/, unless the user
// points Tutti at their own (TEMPORAL_ADDRESS, MONGODB_URI). Safe to run again: installed tools are reused.
// `--for-tests`: the test suite always runs its own Temporal dev server, so the CLI is installed regardless.
// `--schemathesis`: also the API fuzzer (a Python venv), which only `npm run fuzz` needs.
import { ensureTestServer } from '../dev/testServer';
import { loadConfig } from '../platform/config';
import { ensureFerretDb, ensureSchemathesis, ensureTemporalCli, ToolInstallError } from '../dev/tools';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = (line: string) => console.error(line);
  const installs: Promise<string>[] = [];
  if (!config.temporal.external || process.argv.includes('--for-tests'))
    installs.push(ensureTemporalCli(log));
  if (!config.mongo.external) installs.push(ensureFerretDb(log));
  if (process.argv.includes('--schemathesis')) installs.push(ensureSchemathesis(log));
  if (process.argv.includes('--for-tests')) installs.push(ensureTestServer(log));
  await Promise.all(installs);
}

main().catch((error: unknown) => {
  console.error(error instanceof ToolInstallError ? error.message : error);
  process.exit(1);
});
