import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface Service {
  name: string;
  process: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  stop(graceMs?: number): Promise<void>;
  /** Resolves once the child has written `marker` to its stdout; rejects if it exits or `timeoutMs` passes first. */
  waitForOutput(marker: string, timeoutMs: number): Promise<void>;
}

/** Every child startService started that has not exited yet, for killLiveChildren. */
const liveChildren = new Set<ChildProcess>();

/**
 * SIGKILL to every child of this process that is still running, synchronously: for an 'exit' handler, when
 * children in process groups of their own (ownProcessGroup) would otherwise outlive their parent — including
 * one a supervisor is starting at that very moment.
 */
export function killLiveChildren(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
}

/** Starts a long-running child whose output goes to a log file (servers are chatty; the terminal is for us). */
export function startService(
  name: string,
  command: string,
  args: string[],
  options: {
    logFile: string;
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    /**
     * In a process group of its own, so the terminal's Ctrl-C reaches only the parent, which then stops its
     * children in order (API before the servers it uses) rather than all at once.
     */
    ownProcessGroup?: boolean;
  },
): Service {
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  // A log file that cannot be written (its folder removed, a full disk) must not take the process down with an
  // unhandled 'error': the service runs on, its output still kept in memory for readiness markers.
  log.on('error', (error) => {
    console.warn(`${name}: cannot write its log ${options.logFile}: ${error.message}`);
  });
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup ?? false,
  });
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => {
      liveChildren.delete(child);
      resolve(null);
    });
  });
  let output = '';
  const outputListeners = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    // Only the tail matters for a marker that may straddle two chunks.
    output = (output + chunk.toString()).slice(-4096);
    for (const listener of outputListeners) listener();
  });
  return {
    name,
    process: child,
    exited,
    waitForOutput(marker, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => {
          clearTimeout(timer);
          outputListeners.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (output.includes(marker)) done();
        };
        const timer = setTimeout(
          () => done(new Error(`${name} did not say "${marker}" within ${timeoutMs / 1000} s (see its log)`)),
          timeoutMs,
        );
        outputListeners.add(check);
        void exited.then(() => done(new Error(`${name} exited before saying "${marker}" (see its log)`)));
        check();
      });
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls until something accepts TCP connections on host:port, or fails after the timeout. */
export async function waitForPort(
  host: string,
  port: number,
  timeoutMs: number,
  service?: Service,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service && service.process.exitCode !== null) {
      throw new Error(
        `${service.name} exited with code ${service.process.exitCode} before it listened on ${port}`,
      );
    }
    if (await canConnect(host, port)) return;
    if (Date.now() > deadline) throw new Error(`Nothing listens on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A free TCP port on the loopback interface, for servers started by tests and benchmarks. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
