// bench/dashboard-scale: the dashboard's overview and a customer's page at 100,000 customers on the embedded
// stack (docs/DASHBOARD.md, "Scale"; figures in docs/BENCHMARKS.md).
//   npm run bench:dashboard -- [--customers 100000] [--at-risk 0.1] [--runs 20] [--compare 2]
// It starts its own Temporal dev server, FerretDB, one worker and the API in this process (as
// bench/read-model-lag.ts). First a handful of real customers go through the real customer workflow — an unhappy
// one (a case, service recovery with its apology, team alert and steps), a happy one, a neutral one, a buyer — and
// their documents, as the worker wrote them, are the templates. Then --customers customers are filled in a
// workspace of their own by cloning those documents (ids, channel and times changed; insertMany, 100 at a
// time): read model, receipts, processed events, per-customer lists, ledger, outbox, decisions, journey steps,
// the at-risk set (storage/atRiskSet.ts, atRiskSetDocuments) and the report counters the workflow would have
// counted for them (countTopics on each cloned processed event; contact pressure of each cloned send), one
// document per family, day and shard as storage/reportCounters.ts keeps them. Running 100,000 workflows would
// take hours on 2 cores and measure the workers, not the reads: the read paths only see documents, and these
// are the documents the write paths leave.
// Then, --runs times: the overview's calls as the dashboard makes them (the last 7 days; all four at once, as
// the page loads them; and the topic metrics over the API's default range, whose edges fall inside days) and
// a customer page's three calls (an at-risk customer with a journey, and one with nothing but events), each
// call alone and each page's calls together, beside a findById of one customer
// document in the same run (the floor: one read by `_id`). With --compare N, the queries the same routes ran
// before (the at-risk scan, the sentiment aggregate) are timed N times on the same data, for the ratio.
import { DefaultLogger, Runtime } from '@temporalio/worker';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { timeBuckets } from '../activities/projectCustomer';
import type { AtRiskMember } from '../domain/customer/atRiskPage';
import type { ProcessedEvent } from '../domain/events/processedEvent';
import { defaultPolicy } from '../domain/policy';
import type { CounterIncrement } from '../domain/reports/reportCounters';
import { counterKey, dayOfBucket, familyOfKey, hourBucket } from '../domain/reports/reportCounters';
import { countTopics } from '../domain/topics/topicCounters';
import { createApiKey } from '../storage/apiKeyStore';
import { atRiskSetDocuments } from '../storage/atRiskSet';
import type { Storage } from '../storage/connection';
import { customerListKey, type CustomerListKind } from '../storage/customerLists';
import { customerKey } from '../storage/documentKeys';
import type { ReportCounterDocument } from '../storage/reportCounters';
import {
  countingSinceKey,
  reportCounterKey,
  reportCounterShard,
  sentimentSinceKey,
} from '../storage/reportCounters';
import { withSentimentCounters } from '../domain/sentiment/sentimentCounters';
import { withTopicDayCounters } from '../domain/topics/topicDayCounters';
import { startInProcessStack } from './inProcessStack';
import { median, percentile } from './stats';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    'at-risk': { type: 'string', default: '0.1' },
    runs: { type: 'string', default: '20' },
    compare: { type: 'string', default: '2' },
  },
});
const CUSTOMERS = Number(values.customers);
const AT_RISK = Number(values['at-risk']);
const RUNS = Number(values.runs);
const COMPARE = Number(values.compare);
const TASK_QUEUE = 'bench-dashboard';
const SOURCE = 'default';
const WORKSPACE = 'scale';
const INSERT_BATCH = 100;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const CHANNELS = ['email', 'chat', 'review', 'social', 'sms', 'app'] as const;
const LIST_KINDS: CustomerListKind[] = ['events', 'messages', 'decisions', 'journeySteps'];

type Doc = Record<string, unknown> & { _id: string };

/** Where each kind's listed ids live: the collections the read routes fetch them from. */
const COLLECTIONS_OF: Record<CustomerListKind, string[]> = {
  events: ['events', 'processed_events'],
  messages: ['contacts', 'outbox'],
  decisions: ['decisions'],
  journeySteps: ['journey_steps'],
};

/** One real customer's documents, as the worker and the API wrote them. */
interface Template {
  customerId: string;
  atRisk: boolean;
  byCollection: Map<string, Doc[]>;
  messageIds: string[];
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const stack = await startInProcessStack({
    name: 'bench-dashboard',
    taskQueue: TASK_QUEUE,
    rateLimits: { ingest: 100_000, member: 100_000, admin: 100_000 },
  });
  const { storage, baseUrl: base, apiKey: devKey } = stack;
  try {
    console.log(
      `dashboard at scale: ${CUSTOMERS.toLocaleString('en')} customers (${AT_RISK * 100}% at risk), embedded FerretDB, ` +
        `${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`,
    );
    const started = performance.now();
    const templates = await realCustomers(storage, base, devKey);
    console.log(
      `real workflows: ${templates.length} customers, ${templates.reduce((n, t) => n + [...t.byCollection.values()].flat().length, 0)} documents, ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const filling = performance.now();
    const filled = await fill(storage, templates);
    console.log(
      `filled ${filled.documents.toLocaleString('en')} documents in ${((performance.now() - filling) / 1000).toFixed(0)} s ` +
        `(${filled.atRisk.toLocaleString('en')} at risk)`,
    );
    // Give the FerretDB wrapper's index keeper (it sweeps every second) time to index new collections.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const { key } = await createApiKey(storage.models, {
      workspace: WORKSPACE,
      role: 'member',
      name: 'bench',
    });
    await measure(storage, base, key, filled);
  } finally {
    await stack.stop();
  }
}

const SCRIPTS: { name: string; atRisk: boolean; events: Record<string, unknown>[] }[] = [
  {
    name: 'unhappy',
    atRisk: true,
    events: [
      {
        type: 'identify',
        channel: 'web',
        properties: { traits: { name: 'Ana', tier: 'gold', email: 'a@x.test' } },
      },
      {
        type: 'message',
        channel: 'email',
        text: 'My parcel never arrived and nobody answers. Terrible service.',
      },
      { type: 'message', channel: 'chat', text: 'Still waiting for my refund, this is a disgrace.' },
    ],
  },
  {
    name: 'happy',
    atRisk: false,
    events: [
      { type: 'message', channel: 'review', text: 'Wonderful service, thank you so much! I love it.' },
      { type: 'purchase', channel: 'web', properties: { orderId: 'o-1', amount: 40 } },
    ],
  },
  {
    name: 'neutral',
    atRisk: false,
    events: [
      { type: 'message', channel: 'chat', text: 'My order number is 12345' },
      { type: 'browse', channel: 'web', properties: { page: '/shoes' } },
    ],
  },
];

/** A handful of customers through the real workflow, until their documents are all written; their documents. */
async function realCustomers(storage: Storage, base: string, key: string): Promise<Template[]> {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const templates: Template[] = [];
  for (const script of SCRIPTS) {
    const customerId = `real-${script.name}`;
    const events = script.events.map((e, i) => ({
      id: `${customerId}-${i}`,
      customerId,
      occurredAt: new Date(Date.now() - (script.events.length - i) * 60_000).toISOString(),
      ...e,
    }));
    const res = await fetch(`${base}/v1/events`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ events }),
    });
    if (res.status !== 202) throw new Error(`events answered ${res.status}: ${await res.text()}`);
    await until(`${customerId} projected`, async () => {
      const doc = await storage.models.customers.findById(customerKey(SOURCE, customerId)).lean();
      const listed = await storage.models.customerLists
        .findById(customerListKey('events', SOURCE, customerId))
        .lean();
      if (!doc || doc.atRisk !== script.atRisk || (listed?.ids.length ?? 0) < events.length) return false;
      if (!script.atRisk) return true;
      // The recovery has apologised and is waiting for the case to be resolved.
      const steps = await storage.models.customerLists
        .findById(customerListKey('journeySteps', SOURCE, customerId))
        .lean();
      const stepDocs = await Promise.all(
        (steps?.ids ?? []).map((id) => storage.models.journeySteps.findById(id).lean()),
      );
      const messages = await storage.models.customerLists
        .findById(customerListKey('messages', SOURCE, customerId))
        .lean();
      return stepDocs.some((s) => s?.step === 'awaiting_resolution') && (messages?.ids.length ?? 0) > 0;
    });
    templates.push(await templateOf(storage, customerId, script.atRisk));
  }
  return templates;
}

async function templateOf(storage: Storage, customerId: string, atRisk: boolean): Promise<Template> {
  const db = storage.models.customers.db;
  const byCollection = new Map<string, Doc[]>();
  const add = (collection: string, doc: Doc | null) => {
    if (!doc) return;
    const docs = byCollection.get(collection) ?? [];
    byCollection.set(collection, [...docs, doc]);
  };
  add('customers', await db.collection<Doc>('customers').findOne({ _id: customerKey(SOURCE, customerId) }));
  let messageIds: string[] = [];
  for (const kind of LIST_KINDS) {
    const list = await db
      .collection<Doc & { ids: string[] }>('customer_lists')
      .findOne({ _id: customerListKey(kind, SOURCE, customerId) });
    if (!list) continue;
    add('customer_lists', list);
    if (kind === 'messages') messageIds = list.ids;
    for (const collection of COLLECTIONS_OF[kind]) {
      for (const id of list.ids) add(collection, await db.collection<Doc>(collection).findOne({ _id: id }));
    }
  }
  return { customerId, atRisk, byCollection, messageIds };
}

/** A deep copy with every string's tokens replaced and every date moved by `shiftMs`. */
function rewrite(value: unknown, replace: (text: string) => string, shiftMs: number): unknown {
  if (typeof value === 'string') return replace(value);
  if (value instanceof Date) return new Date(value.getTime() + shiftMs);
  if (Array.isArray(value)) return value.map((v) => rewrite(v, replace, shiftMs));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, replace, shiftMs)]));
  }
  return value;
}

interface Filled {
  documents: number;
  atRisk: number;
  /** A customer at risk with a journey, and one with nothing but events: the pages measured. */
  unhappy: string;
  plain: string;
}

/** Writes a collection's documents as they come, INSERT_BATCH at a time. */
function inserter(storage: Storage) {
  const pending = new Map<string, Doc[]>();
  let written = 0;
  const flush = async (collection: string, all = false) => {
    const docs = pending.get(collection) ?? [];
    while (docs.length >= INSERT_BATCH || (all && docs.length > 0)) {
      const batch = docs.splice(0, INSERT_BATCH);
      await storage.models.customers.db.collection<Doc>(collection).insertMany(batch, { ordered: false });
      written += batch.length;
    }
  };
  return {
    async add(collection: string, doc: Doc) {
      const docs = pending.get(collection) ?? [];
      pending.set(collection, docs);
      docs.push(doc);
      if (docs.length >= INSERT_BATCH) await flush(collection);
    },
    async done() {
      for (const collection of pending.keys()) await flush(collection, true);
      return written;
    },
  };
}

async function fill(storage: Storage, templates: Template[]): Promise<Filled> {
  const [unhappy, happy, neutral] = templates;
  const out = inserter(storage);
  const members: AtRiskMember[] = [];
  const counters = new Map<string, ReportCounterDocument>();
  const count = (customerId: string, increments: CounterIncrement[]) => {
    const shard = reportCounterShard(customerId);
    for (const { bucket, key, by } of increments) {
      const family = familyOfKey(key);
      const day = dayOfBucket(bucket);
      const _id = reportCounterKey(WORKSPACE, family, day, shard);
      let doc = counters.get(_id);
      if (!doc) counters.set(_id, (doc = { _id, workspace: WORKSPACE, family, day, shard, c: {}, seen: {} }));
      const keys = (doc.c[bucket] ??= {});
      keys[key] = (keys[key] ?? 0) + by;
    }
  };
  let progress = performance.now();
  for (let i = 0; i < CUSTOMERS; i++) {
    const template = (i * 7919) % 1000 < AT_RISK * 1000 ? unhappy : i % 3 === 0 ? neutral : happy;
    const customerId = `c-${i}`;
    // Spread over the last 7 days, the newest customers most recent.
    const shift = -Math.floor(((CUSTOMERS - 1 - i) / CUSTOMERS) * 7 * DAY_MS);
    const channel = CHANNELS[i % CHANNELS.length];
    const tail = i.toString(16).padStart(12, '0');
    const messages = template.messageIds.map((m) => [m, `${m.slice(0, 24)}${tail}`] as const);
    const replace = (text: string) => {
      let t = text.split(template.customerId).join(customerId);
      for (const [from, to] of messages) t = t.split(from).join(to);
      return t === SOURCE ? WORKSPACE : t.split(`${SOURCE}:`).join(`${WORKSPACE}:`);
    };
    for (const [collection, docs] of template.byCollection) {
      for (const original of docs) {
        const doc = rewrite(original, replace, shift) as Doc;
        if ((collection === 'events' || collection === 'processed_events') && doc.type === 'message') {
          doc.channel = channel;
        }
        if (collection === 'processed_events') {
          Object.assign(doc, timeBuckets((doc.occurredAt as Date).toISOString()));
          const event = {
            ...doc,
            occurredAt: (doc.occurredAt as Date).toISOString(),
          } as unknown as ProcessedEvent;
          // As countReports adds them up: the topic family, its scored events again in the sentiment family, and
          // all of it per day in the topic day family.
          count(
            customerId,
            withTopicDayCounters(withSentimentCounters(countTopics(event, defaultPolicy.sentiment))),
          );
        }
        if (collection === 'contacts' && doc.decision === 'sent') {
          const bucket = hourBucket((doc.decidedAt as Date).getTime());
          count(customerId, [
            { bucket, key: counterKey.sent(), by: 1 },
            { bucket, key: counterKey.sentByChannel(String(doc.channel)), by: 1 },
            { bucket, key: counterKey.sentByCategory(String(doc.category)), by: 1 },
          ]);
        }
        if (collection === 'customers' && template.atRisk) {
          members.push({ customerId, lastEventAt: (doc.lastEventAt as Date).getTime() });
        }
        await out.add(collection, doc);
      }
    }
    if (performance.now() - progress > 15_000) {
      progress = performance.now();
      console.log(`  ${i.toLocaleString('en')} customers…`);
    }
  }
  for (const doc of atRiskSetDocuments(WORKSPACE, members))
    await out.add('at_risk_sets', doc as unknown as Doc);
  for (const doc of counters.values()) await out.add('report_counters', doc as unknown as Doc);
  // Counting in the sentiment family since before the week measured (markSentimentCounting).
  await out.add('report_counters', {
    _id: sentimentSinceKey(WORKSPACE),
    workspace: WORKSPACE,
    family: 's',
    since: new Date(Date.now() - 8 * DAY_MS),
  });
  // And in the topic day family since before the previous week the topic metrics compare with (markCounting).
  await out.add('report_counters', {
    _id: countingSinceKey(WORKSPACE, 'td'),
    workspace: WORKSPACE,
    family: 'td',
    since: new Date(Date.now() - 15 * DAY_MS),
  });
  const documents = await out.done();
  const unhappyIndex = Array.from({ length: CUSTOMERS }, (_, i) => i)
    .reverse()
    .find((i) => (i * 7919) % 1000 < AT_RISK * 1000);
  const plainIndex = Array.from({ length: CUSTOMERS }, (_, i) => i)
    .reverse()
    .find((i) => !((i * 7919) % 1000 < AT_RISK * 1000) && i % 3 === 0);
  return {
    documents,
    atRisk: members.length,
    unhappy: `c-${unhappyIndex ?? 0}`,
    plain: `c-${plainIndex ?? 0}`,
  };
}

async function measure(storage: Storage, base: string, key: string, filled: Filled): Promise<void> {
  const headers = { authorization: `Bearer ${key}` };
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  // The dashboard's period: the last 7 days, today included, from local midnight (UTC here).
  const end = new Date();
  end.setUTCHours(24, 0, 0, 0);
  const range = `from=${new Date(end.getTime() - 7 * DAY_MS).toISOString()}&to=${end.toISOString()}`;
  const overview = [
    `/v1/metrics/sentiment?${range}&bucket=day&groupBy=channel`,
    `/v1/metrics/topics?${range}`,
    '/v1/customers?atRisk=true&limit=25',
    `/v1/reports/contact-pressure?${range}&bucket=day`,
  ];
  const page = (customerId: string) => [
    `/v1/customers/${customerId}`,
    `/v1/customers/${customerId}/timeline?limit=200`,
    `/v1/customers/${customerId}/ledger?limit=100`,
  ];
  // What the answers hold: the fill is what they read.
  const sentiment = await get(overview[0]);
  const atRisk = (await get(overview[2])) as { customers: { journeys: { currentStep: unknown }[] }[] };
  console.log(
    `  sentiment: ${String(sentiment.total)} scored events, ${Object.keys(sentiment.channels as object).length} channels; ` +
      `at risk: first page ${atRisk.customers.length}, its first with step ${JSON.stringify(atRisk.customers[0]?.journeys[0]?.currentStep ?? null)}`,
  );

  const times = new Map<string, number[]>();
  const time = async (label: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    const list = times.get(label) ?? [];
    list.push(performance.now() - started);
    times.set(label, list);
  };
  const baseline = 'findById of one customer (baseline)';
  for (let run = 0; run < RUNS; run++) {
    await time(baseline, () =>
      storage.models.customers.findById(customerKey(WORKSPACE, filled.unhappy)).lean(),
    );
    for (const path of overview) await time(path.replace(/\?.*$/, label(path)), () => get(path));
    await time('overview: all four at once', () => Promise.all(overview.map(get)));
    // The API's default range (the last 7 days to now, rounded out to hours): whole days from the topic day
    // family, and the hours of the three partial days from the hourly topic family.
    await time('/v1/metrics/topics (no range: to now, edges inside days)', () => get('/v1/metrics/topics'));
    for (const [who, customerId] of [
      ['at risk', filled.unhappy],
      ['events only', filled.plain],
    ]) {
      for (const path of page(customerId)) {
        await time(`${who}: ${path.replace(customerId, '{id}').replace(/\?.*$/, '')}`, () => get(path));
      }
      await time(`customer page (${who}): all three at once`, () => Promise.all(page(customerId).map(get)));
    }
  }
  const floor = median(times.get(baseline) ?? [1]);
  console.log(`\n${RUNS} runs\n`);
  console.log('| call | p50 ms | p95 ms | p50 ÷ findById |');
  console.log('|---|---:|---:|---:|');
  for (const [name, millis] of times) {
    const sorted = [...millis].sort((a, b) => a - b);
    console.log(
      `| ${name} | ${median(sorted).toFixed(1)} | ${percentile(sorted, 0.95).toFixed(1)} | ${(median(sorted) / floor).toFixed(0)} |`,
    );
  }

  if (COMPARE > 0) {
    // The queries these routes ran before, on the same data.
    const from = new Date(end.getTime() - 7 * DAY_MS);
    const before = new Map<string, number[]>();
    const timeBefore = async (name: string, work: () => Promise<unknown>) => {
      for (let n = 0; n < COMPARE; n++) {
        const started = performance.now();
        try {
          await work();
        } catch (error) {
          // The driver gives up after TUTTI_MONGO_TIMEOUT_MS (10 s): the route would have answered 503.
          console.log(
            `  ${name}: failed after ${(performance.now() - started).toFixed(0)} ms (${String(error).slice(0, 80)})`,
          );
        }
        before.set(name, [...(before.get(name) ?? []), performance.now() - started]);
      }
    };
    await timeBefore('before: find({ workspace, atRisk: true }).sort().limit(25)', () =>
      storage.models.customers
        .find({ workspace: WORKSPACE, atRisk: true })
        .sort({ lastEventAt: -1 })
        .limit(25)
        .lean(),
    );
    await timeBefore('before: sentiment $match + $group over processed_events (one channel)', () =>
      storage.models.processedEvents.aggregate([
        {
          $match: {
            workspace: WORKSPACE,
            occurredAt: { $gte: from, $lt: end },
            channel: 'email',
            label: { $exists: true },
            bucketDay: { $exists: true },
          },
        },
        { $group: { _id: { bucket: '$bucketDay', label: '$label' }, count: { $sum: 1 } } },
      ]),
    );
    console.log(`\n| before (${COMPARE} runs) | p50 ms | max ms |`);
    console.log('|---|---:|---:|');
    for (const [name, millis] of before) {
      const sorted = [...millis].sort((a, b) => a - b);
      console.log(`| ${name} | ${median(sorted).toFixed(0)} | ${sorted.at(-1)?.toFixed(0)} |`);
    }
    console.log('(the overview made 13 sentiment calls, one per channel and one for all)');
  }
}

function label(path: string): string {
  if (path.includes('groupBy')) return ' (groupBy=channel, 7 days)';
  if (path.includes('atRisk')) return '?atRisk=true&limit=25';
  return ' (7 days)';
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`bench: ${what} did not happen within ${timeoutMs / 1000} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
