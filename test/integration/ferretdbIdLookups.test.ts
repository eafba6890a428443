// FerretDB v1.24 on SQLite cannot use its own `_id` index for its own lookups by `_id` (tools/ferretdb/idindex.go),
// so without our wrapper's index every read and write by `_id` reads the whole collection. Against the real
// wrapper: every collection Tutti creates gets an index SQLite uses for those lookups, including a collection
// that appears while the server runs; the same binary with the index turned off shows the scans it prevents.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../../dev/childProcess';
import { freePort } from '../../dev/childProcess';
import { startEmbeddedMongo } from '../../dev/embeddedMongo';
import { ferretDbPath } from '../../dev/tools';
import type { Storage } from '../../storage/connection';
import { openStorage } from '../../storage/connection';
import { eventually } from '../support/harness';

const run = promisify(execFile);

interface Plan {
  database: string;
  collection: string;
  plan: string;
}

async function idLookupPlans(dataDir: string): Promise<Plan[]> {
  const { stdout } = await run(ferretDbPath(), ['--explain-id-lookups', '--sqlite-url', `file:${dataDir}/`]);
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Plan);
}

interface Server {
  dataDir: string;
  ferret: Service;
  storage: Storage;
}

async function startServer(scratch: string, label: string, extraArgs: string[]): Promise<Server> {
  const port = await freePort();
  const dataDir = path.join(scratch, label);
  const ferret = await startEmbeddedMongo({
    binary: ferretDbPath(),
    port,
    dataDir,
    logFile: path.join(scratch, `${label}.log`),
    extraArgs,
  });
  // Tutti's own collections, created as the application creates them at start.
  const storage = await openStorage(`mongodb://127.0.0.1:${port}/`, { dbName: 'tutti_id_lookups' });
  return { dataDir, ferret, storage };
}

describe('lookups by _id on the embedded FerretDB', () => {
  let scratch: string;
  let indexed: Server;
  let asShipped: Server;
  beforeAll(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'tutti-id-lookups-'));
    [indexed, asShipped] = await Promise.all([
      startServer(scratch, 'indexed', []),
      startServer(scratch, 'as-shipped', ['--id-lookup-indexes=false']),
    ]);
  }, 60_000);
  afterAll(async () => {
    for (const server of [indexed, asShipped]) {
      await server?.storage.close().catch(() => undefined);
      await server?.ferret.stop(2_000);
    }
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('uses an index for every collection Tutti creates, and for one created later', async () => {
    const tuttiCollections = Object.values(indexed.storage.models).map((model) => model.collection.name);
    expect(tuttiCollections.length).toBeGreaterThan(5);
    // Read by `_id` only, 32 documents a day per report: a scan each would make a week's report read the
    // collection 224 times.
    expect(tuttiCollections).toContain('report_counters');
    await indexed.storage.connection.db!.collection('created_later').insertOne({ _id: 'a' } as never);

    const plans = await eventually(
      async () => {
        const current = (await idLookupPlans(indexed.dataDir)).filter(
          (p) => p.database === 'tutti_id_lookups',
        );
        const names = current.map((p) => p.collection);
        const complete = [...tuttiCollections, 'created_later'].every((name) => names.includes(name));
        return complete && current.every((p) => p.plan.startsWith('SEARCH')) ? current : undefined;
      },
      15_000,
      'every collection indexed for lookups by _id',
    );
    expect(plans.find((p) => p.collection === 'created_later')?.plan).toMatch(
      /USING INDEX .*tutti _id lookup/,
    );
  });

  it('scans every collection when the index is turned off (FerretDB as shipped)', async () => {
    const plans = (await idLookupPlans(asShipped.dataDir)).filter((p) => p.database === 'tutti_id_lookups');
    expect(plans.length).toBeGreaterThan(5);
    for (const plan of plans) expect(plan.plan, plan.collection).toMatch(/^SCAN /);
  });
});
