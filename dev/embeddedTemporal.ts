import { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import path from 'node:path';
import type { Service } from './childProcess';
import { startService, waitForPort } from './childProcess';

/** The Temporal CLI's names for search attribute types. */
const CLI_TYPE: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.DOUBLE]: 'Double',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
};

/**
 * A search attribute the server registers at start. The caller names them (the customer workflow's are in
 * workflows/customer/searchAttributes.ts): dev/ does not know what runs on the server.
 */
export interface SearchAttributeDeclaration {
  name: string;
  type: SearchAttributeType;
}

function searchAttributeFlags(attributes: readonly SearchAttributeDeclaration[]): string[] {
  return attributes.flatMap((attribute) => [
    '--search-attribute',
    `${attribute.name}=${CLI_TYPE[attribute.type]}`,
  ]);
}

export interface EmbeddedTemporalOptions {
  binary: string;
  port: number;
  uiPort?: number;
  /** SQLite file that keeps workflows across restarts; in memory when absent (tests). */
  dbFile?: string;
  namespace: string;
  logFile: string;
  /** Registered at start, so workflows can upsert them and ops can filter by them from the first start. */
  searchAttributes: readonly SearchAttributeDeclaration[];
  /** See startService: Ctrl-C reaches only the parent, which stops children in order. */
  ownProcessGroup?: boolean;
  /**
   * Dynamic config values over TASK_PRIORITY_CONFIG (benchmarks switch the task-queue matcher to compare
   * with and without priority).
   */
  dynamicConfig?: Record<string, string | number | boolean>;
  /**
   * Serve the server's Prometheus metrics (`/metrics`) on this port: the cost model (bench/cost-model.ts) reads
   * persistence requests and state transitions from it. Absent: the CLI picks a random port nobody reads.
   */
  metricsPort?: number;
}

/**
 * Task-queue priority (domain/contact/taskPriority.ts) is served by the server's new matcher. Server 1.32 (the
 * CLI's) turns it on by default; saying so keeps priority working on a CLI whose server predates that, and
 * documents the switch (docs/SCALING.md).
 */
export const TASK_PRIORITY_CONFIG: Record<string, string | number | boolean> = {
  'matching.useNewMatcher': true,
};

function dynamicConfigFlags(values: Record<string, string | number | boolean>): string[] {
  return Object.entries(values).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${JSON.stringify(value)}`,
  ]);
}

/**
 * Starts `temporal server start-dev`: a complete Temporal server with SQLite persistence and the Web UI,
 * with the search attributes it is given registered.
 */
export async function startEmbeddedTemporal(options: EmbeddedTemporalOptions): Promise<Service> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    options.namespace,
    '--log-level',
    'warn',
    ...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    ...(options.metricsPort ? ['--metrics-port', String(options.metricsPort)] : []),
    ...(options.dbFile
      ? [
          '--db-filename',
          path.resolve(options.dbFile),
          // SQLite's defaults (a rollback journal, and fsync at every commit) make every workflow step wait on
          // the disk. A write-ahead log with fsync at checkpoints survives a crash or kill -9 of the server;
          // only a crash of the whole machine can lose the last moments (docs/ARCHITECTURE.md).
          '--sqlite-pragma',
          'journal_mode=wal',
          '--sqlite-pragma',
          'synchronous=normal',
        ]
      : []),
    ...searchAttributeFlags(options.searchAttributes),
    ...dynamicConfigFlags({ ...TASK_PRIORITY_CONFIG, ...options.dynamicConfig }),
  ];
  const service = startService('temporal', options.binary, args, {
    logFile: options.logFile,
    ownProcessGroup: options.ownProcessGroup,
  });
  try {
    await waitForPort('127.0.0.1', options.port, 60_000, service);
    await waitForNamespace(`127.0.0.1:${options.port}`, options.namespace, 60_000);
  } catch (error) {
    // Not left running half-started: a supervisor retrying the start would find the port taken.
    await service.stop(2_000);
    throw error;
  }
  return service;
}

/** The port opens before the namespace is served; wait until a real call succeeds. */
async function waitForNamespace(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const connection = await Connection.connect({ address });
  try {
    for (;;) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    await connection.close();
  }
}
