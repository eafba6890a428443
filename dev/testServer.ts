import { execFile } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { TOOLS_DIR, ToolInstallError } from './tools';

const run = promisify(execFile);

/**
 * Pinned: the time-skipping Temporal test server the workflow tests run on (test/workflow/), as the Java SDK
 * publishes it on Maven Central. The TypeScript SDK would download a native build from GitHub at run time;
 * Maven Central is a package registry every machine of ours reaches, so we install this one instead.
 */
export const TEST_SERVER_VERSION = '1.38.0';
const TEST_SERVER_ARTIFACT = `io.temporal:temporal-test-server:${TEST_SERVER_VERSION}`;
/** The server logs through SLF4J; without a binding it warns on every start. This one discards the logs. */
const SLF4J_NOP_ARTIFACT = 'org.slf4j:slf4j-nop:1.7.36';

/**
 * The launcher of the test server: an executable that takes what the SDK passes to a test server binary (the
 * port, then any flags) and runs the Java server with them. For `TestWorkflowEnvironment.createTimeSkipping`
 * as `server.executable: { type: 'existing-path', path }`.
 */
export function testServerPath(): string {
  return path.join(TOOLS_DIR, `temporal-test-server-${TEST_SERVER_VERSION}`, 'temporal-test-server');
}

/**
 * Installs the test server into .tools/: Maven copies the artifact and its dependencies (jars only) into a
 * staging folder, which is renamed into place, so an interrupted install leaves nothing that looks installed;
 * then the launcher is written beside them (again whenever this file changes it). Idempotent: an installed
 * version is reused. Needs Java (8 or newer) to run and Maven to install.
 */
export async function ensureTestServer(log: (line: string) => void = console.log): Promise<string> {
  const launcher = testServerPath();
  const target = path.dirname(launcher);
  if (!existsSync(target)) await installJars(target, log);
  const script = launcherScript();
  if (!existsSync(launcher) || readFileSync(launcher, 'utf8') !== script) {
    writeFileSync(launcher, script);
    chmodSync(launcher, 0o755);
  }
  return launcher;
}

async function installJars(target: string, log: (line: string) => void): Promise<void> {
  await requireCommand('java', ['-version'], 'Java (8 or newer) to run it');
  await requireCommand('mvn', ['-v'], 'Maven to install it');
  log(
    `Installing the Temporal test server ${TEST_SERVER_VERSION} from Maven Central into ${path.relative(path.dirname(TOOLS_DIR), target)} ...`,
  );
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tutti-test-server-'));
  const staged = `${target}.partial`;
  try {
    rmSync(staged, { recursive: true, force: true });
    mkdirSync(path.join(staged, 'lib'), { recursive: true });
    writeFileSync(path.join(scratch, 'pom.xml'), installPom());
    await run(
      'mvn',
      [
        '--batch-mode',
        '--quiet',
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${path.join(staged, 'lib')}`,
      ],
      { cwd: scratch, maxBuffer: 16 * 1024 * 1024 },
    );
    renameSync(staged, target);
  } catch (error) {
    rmSync(staged, { recursive: true, force: true });
    throw new ToolInstallError(
      [
        `Could not install the Temporal test server ${TEST_SERVER_VERSION}: ${firstLines(error)}`,
        `It is installed with Maven (mvn) from Maven Central (${TEST_SERVER_ARTIFACT}), so it needs Maven and`,
        'access to Maven Central.',
      ].join('\n'),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function requireCommand(command: string, args: string[], why: string): Promise<void> {
  try {
    await run(command, args);
  } catch {
    throw new ToolInstallError(
      [
        `The Temporal test server (for the workflow tests) needs ${why}, and \`${command}\` did not run.`,
        'On Debian and Ubuntu: apt install openjdk-17-jre-headless maven.',
      ].join('\n'),
    );
  }
}

/** A project whose only purpose is its dependencies: Maven resolves and copies them. */
function installPom(): string {
  const dependency = (coordinates: string) => {
    const [groupId, artifactId, version] = coordinates.split(':');
    return `    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;
  };
  return [
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>tutti.dev</groupId>',
    '  <artifactId>temporal-test-server-install</artifactId>',
    '  <version>0</version>',
    '  <packaging>pom</packaging>',
    '  <dependencies>',
    dependency(TEST_SERVER_ARTIFACT),
    dependency(SLF4J_NOP_ARTIFACT),
    '  </dependencies>',
    '</project>',
    '',
  ].join('\n');
}

/**
 * `exec`, so the process the SDK stops at teardown is the JVM itself. Relative to its own folder, because
 * .tools/ may be reached through a symbolic link (a git worktree sharing the main checkout's tools). The JVM is
 * tuned for a short life: the quick compiler only, and the simplest collector (a test file's server lives
 * seconds, and its first workflow waits for a warm JVM).
 */
function launcherScript(): string {
  return [
    '#!/bin/sh',
    `# The Temporal test server ${TEST_SERVER_VERSION} (Maven Central), written by dev/testServer.ts.`,
    '# Usage: temporal-test-server <port> [--enable-time-skipping]',
    'dir=$(cd "$(dirname "$0")" && pwd)',
    'exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \\',
    '  -cp "$dir/lib/*" io.temporal.testserver.TestServer "$@"',
    '',
  ].join('\n');
}

function firstLines(error: unknown): string {
  const e = error as { stdout?: string; stderr?: string; message?: string };
  // Maven reports its errors on stdout.
  const text = (e.stderr && e.stderr.trim()) || (e.stdout && e.stdout.trim()) || e.message || String(error);
  return text.split('\n').slice(0, 3).join(' | ');
}
