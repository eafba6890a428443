import { mapWithConcurrency } from '../platform/mapWithConcurrency';
import type { NumberedLogModels } from './models/numberedLog';
import { oneAtATime } from './oneAtATime';
import { withBusyRetry } from './withBusyRetry';

/**
 * Append-only logs under natural `_id`s (`${scope}:${n}`, n = 1, 2, …), read newest first without a scan:
 * FerretDB v1 serves only a filter that is exactly `{ _id }` from its index. An append inserts the next number;
 * the `_id` is unique, so of two concurrent appends that picked the same number one fails with E11000 and takes
 * the next — no entry is ever lost or overwritten, on any number of processes (unlike a list in one document,
 * which FerretDB rewrites whole: storage/customerLists.ts). The head (`log_heads`) is only a hint of the last
 * number: it may trail after a race, and readers probe on from it, each probe one read by `_id`.
 */
export type LogName = 'apiKeySlots' | 'auditEntries' | 'decisionFeed';

export interface LogEntry<T> {
  n: number;
  at: Date;
  entry: T;
}

const DUPLICATE_KEY = 11000;
/** Each failed attempt means another process appended meanwhile; this many in a row is a storm. */
const MAX_APPEND_ATTEMPTS = 50;
const READ_LANES = 8;

/** The head hints, and the logs a caller writes or reads (a caller need not hold the others). */
type Models = Pick<NumberedLogModels, 'logHeads'> & Partial<Omit<NumberedLogModels, 'logHeads'>>;

function entries(models: Models, log: LogName) {
  const model = models[log];
  if (!model) throw new Error(`The models given hold no log ${log}`);
  return model;
}

function headId(log: LogName, scope: string): string {
  return `${log}:${scope}`;
}

export function logEntryId(scope: string, n: number): string {
  return `${scope}:${n}`;
}

/** The last number taken in the scope: the head, then a probe for each number appended after it. */
export async function lastLogNumber(models: Models, log: LogName, scope: string): Promise<number> {
  const head = await models.logHeads.findById(headId(log, scope), { n: 1 }).lean();
  let n = head?.n ?? 0;
  while (await entries(models, log).exists({ _id: logEntryId(scope, n + 1) })) n++;
  return n;
}

/**
 * Appends `entry` as the scope's next number, and answers the number. In one process a scope's appends go one
 * at a time, so only appends from other processes ever race for a number.
 */
export async function appendToLog<T>(
  models: Models,
  log: LogName,
  scope: string,
  entry: T,
  at = new Date(),
): Promise<number> {
  return oneAtATime(headId(log, scope), () => append(models, log, scope, entry, at));
}

async function append<T>(models: Models, log: LogName, scope: string, entry: T, at: Date): Promise<number> {
  const first = (await lastLogNumber(models, log, scope)) + 1;
  const n = await insertNumbered(models, log, scope, entry, at, first, (taken) => Promise.resolve(taken + 1));
  await moveHead(models, headId(log, scope), n);
  return n;
}

/**
 * Inserts `entry` as number `first`, or, each time another process took that number (E11000), as the number
 * `next` answers; answers the number it got.
 */
async function insertNumbered<T>(
  models: Models,
  log: LogName,
  scope: string,
  entry: T,
  at: Date,
  first: number,
  next: (taken: number) => Promise<number>,
): Promise<number> {
  for (let attempt = 1, n = first; ; attempt++) {
    try {
      await withBusyRetry(() =>
        entries(models, log).create({ _id: logEntryId(scope, n), scope, n, at, entry }),
      );
      return n;
    } catch (error) {
      if (!isDuplicateKey(error) || attempt >= MAX_APPEND_ATTEMPTS) throw error;
      n = await next(n);
    }
  }
}

/** The last number this process took in a hot log's scope (appendToHotLog), per database. */
const lastTaken = new WeakMap<Models, Map<string, number>>();

/**
 * Like appendToLog, for a log appended to many times a second (the decision feed): the process remembers the
 * last number it took, checks that it is still there (one read: a database restored meanwhile must not get a
 * hole) and tries the next one, and moves the head hint only every `headEvery` numbers, so readers probe at
 * most that many entries past it. A number another process took meanwhile fails on the unique `_id`; the append
 * then finds the last number as appendToLog does. Numbers stay contiguous either way.
 */
export async function appendToHotLog<T>(
  models: Models,
  log: LogName,
  scope: string,
  entry: T,
  { at = new Date(), headEvery = 8 }: { at?: Date; headEvery?: number } = {},
): Promise<number> {
  const key = headId(log, scope);
  let taken = lastTaken.get(models);
  if (!taken) lastTaken.set(models, (taken = new Map<string, number>()));
  const known = taken;
  return oneAtATime(key, async () => {
    const remembered = known.get(key);
    const stillThere =
      remembered !== undefined && (await entries(models, log).exists({ _id: logEntryId(scope, remembered) }));
    const first = (stillThere ? remembered : await lastLogNumber(models, log, scope)) + 1;
    const n = await insertNumbered(
      models,
      log,
      scope,
      entry,
      at,
      first,
      async () => (await lastLogNumber(models, log, scope)) + 1,
    );
    known.set(key, n);
    if (n % headEvery === 0 || n === 1) await moveHead(models, key, n);
    return n;
  });
}

/** Moves the hint forward; a lost race leaves it behind, which readers make up for by probing. */
async function moveHead(models: Models, _id: string, n: number): Promise<void> {
  const head = await models.logHeads.findById(_id, { n: 1 }).lean();
  if (head && head.n >= n) return;
  try {
    await withBusyRetry(() => models.logHeads.updateOne({ _id }, { $set: { n } }, { upsert: true }));
  } catch (error) {
    // Two first heads at once: the other's is as good a hint.
    if (!isDuplicateKey(error)) throw error;
  }
}

/**
 * At most `limit` entries, newest first, numbered below `before` when given (a cursor: the last number a
 * previous page answered). Each is one read by `_id`.
 */
export async function readLog<T>(
  models: Models,
  log: LogName,
  scope: string,
  { limit, before }: { limit: number; before?: number },
): Promise<LogEntry<T>[]> {
  const last = await lastLogNumber(models, log, scope);
  const from = before === undefined ? last : Math.min(last, before - 1);
  const numbers: number[] = [];
  for (let n = from; n >= 1 && numbers.length < limit; n--) numbers.push(n);
  const results = await mapWithConcurrency(numbers, READ_LANES, (n) =>
    entries(models, log).findById(logEntryId(scope, n)).lean<LogEntry<T>>().exec(),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.flatMap((r) =>
    r.status === 'fulfilled' && r.value ? [{ n: r.value.n, at: r.value.at, entry: r.value.entry }] : [],
  );
}

/**
 * The entries numbered `numbers` (each one read by `_id`, a few at a time), in the order asked; a number not
 * written (yet) is left out.
 */
export async function readLogEntries<T>(
  models: Models,
  log: LogName,
  scope: string,
  numbers: readonly number[],
): Promise<LogEntry<T>[]> {
  const results = await mapWithConcurrency([...numbers], READ_LANES, (n) =>
    entries(models, log).findById(logEntryId(scope, n)).lean<LogEntry<T>>().exec(),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.flatMap((r) =>
    r.status === 'fulfilled' && r.value ? [{ n: r.value.n, at: r.value.at, entry: r.value.entry }] : [],
  );
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown }).code === DUPLICATE_KEY;
}
