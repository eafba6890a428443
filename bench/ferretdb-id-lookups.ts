// bench/ferretdb-id-lookups: what FerretDB costs per lookup by `_id` — the only query shape Tutti's hot paths
// use — with the `_id` lookup index of tools/ferretdb/idindex.go and without it (the same binary started with
// `--id-lookup-indexes=false`: FerretDB v1.24 as shipped, whose own `_id` index its queries cannot use), in the
// same run, on collections of growing size.
//   npm run bench:ferretdb-id-lookups -- [--sizes 1000,5000,20000] [--ops 300]
// Each round fills a fresh collection with documents of about 1 KiB (the size of a customer read model), then
// times --ops findOne({_id}) and --ops updateOne({_id}, $set) one after another, on both servers alternately.
import { mkdtempSync, rmSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../dev/childProcess';
import { startEmbeddedMongo } from '../dev/embeddedMongo';
import { ensureFerretDb } from '../dev/tools';
import { median, percentile } from './stats';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,5000,20000' },
    ops: { type: 'string', default: '300' },
  },
});
const SIZES = values.sizes.split(',').map(Number);
const OPS = Number(values.ops);
const INSERT_BATCH = 500;

interface Server {
  label: string;
  client: MongoClient;
  stop(): Promise<void>;
}

async function startServer(label: string, scratch: string, extraArgs: string[]): Promise<Server> {
  const port = await freePort();
  const service = await startEmbeddedMongo({
    binary: await ensureFerretDb(),
    port,
    dataDir: path.join(scratch, label),
    logFile: path.join(scratch, `${label}.log`),
    extraArgs,
  });
  const client = await MongoClient.connect(`mongodb://127.0.0.1:${port}/`, { maxPoolSize: 4 });
  return {
    label,
    client,
    async stop() {
      await client.close();
      await service.stop();
    },
  };
}

function documentFor(i: number) {
  return {
    _id: `ws-bench:customer-${i}`,
    workspace: 'ws-bench',
    customerId: `customer-${i}`,
    traits: { plan: 'pro', country: 'NL', note: 'x'.repeat(700) },
    sentiment: { score: 0.1, nss: 12, messages: i % 17 },
    updatedAt: new Date(),
  };
}

async function fill(server: Server, collection: string, size: number): Promise<void> {
  const docs = server.client.db('bench').collection<ReturnType<typeof documentFor>>(collection);
  for (let start = 0; start < size; start += INSERT_BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(size, start + INSERT_BATCH); i++) batch.push(documentFor(i));
    await docs.insertMany(batch, { ordered: false });
  }
  // Give the index keeper (it sweeps every second) time to see a new collection, as it would in a long run.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
}

async function timeOps(server: Server, collection: string, size: number, kind: 'find' | 'update') {
  const docs = server.client.db('bench').collection<{ _id: string }>(collection);
  const millis: number[] = [];
  for (let n = 0; n < OPS; n++) {
    const _id = `ws-bench:customer-${(n * 7919) % size}`;
    const started = performance.now();
    if (kind === 'find') {
      if (!(await docs.findOne({ _id }))) throw new Error(`${server.label}: ${_id} not found`);
    } else {
      const result = await docs.updateOne({ _id }, { $set: { 'sentiment.messages': n } });
      if (result.matchedCount !== 1) throw new Error(`${server.label}: ${_id} not updated`);
    }
    millis.push(performance.now() - started);
  }
  return millis.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tutti-id-lookups-'));
  const servers = [
    await startServer('indexed', scratch, []),
    await startServer('as-shipped', scratch, ['--id-lookup-indexes=false']),
  ];
  try {
    console.log(
      `FerretDB by _id, ${OPS} sequential ops per cell, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`,
    );
    console.log(
      '| documents | op | indexed p50 / p99 (ms) | as shipped p50 / p99 (ms) | as shipped ÷ indexed (p50) |',
    );
    console.log('|---:|---|---|---|---:|');
    for (const size of SIZES) {
      const collection = `docs_${size}`;
      for (const server of servers) await fill(server, collection, size);
      for (const kind of ['find', 'update'] as const) {
        // Alternate servers op kind by op kind so that machine noise falls on both.
        const [indexed, shipped] = [
          await timeOps(servers[0], collection, size, kind),
          await timeOps(servers[1], collection, size, kind),
        ];
        const cell = (ms: number[]) => `${median(ms).toFixed(2)} / ${percentile(ms, 0.99).toFixed(2)}`;
        console.log(
          `| ${size.toLocaleString('en')} | ${kind}One | ${cell(indexed)} | ${cell(shipped)} | ${(median(shipped) / median(indexed)).toFixed(1)}× |`,
        );
      }
    }
  } finally {
    for (const server of servers) await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
