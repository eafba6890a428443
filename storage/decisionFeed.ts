import type { FeedDecision, FeedFilter, FeedPosition, PageWalk } from '../domain/decisions/decisionFeed';
import { walkEntries } from '../domain/decisions/decisionFeed';
import { GroupCommit } from './groupCommit';
import type { NumberedLogModels } from './models/numberedLog';
import { appendToHotLog, lastLogNumber, readLogEntries } from './numberedLog';

/**
 * The decision feed of a workspace: every decision of every customer in the order workers recorded them, in the
 * numbered log `decision_feed` (storage/numberedLog.ts). Entry n of workspace w (`_id` `w:n`) holds a group of
 * decisions — those of the recordDecisions calls that arrived while the previous append was in flight, at most
 * FEED_ENTRY_CAP — so the newest decisions across 100,000 customers are read by `_id` from the last number down,
 * never by a scan, and a storm makes a few appends a second per worker rather than one per customer.
 *
 * Entry numbers are contiguous: an append takes the number after the last one that exists, and of two processes
 * that pick the same number one fails with E11000 and takes the next. So a reader that has seen entry n and waits
 * for n + 1 misses nothing — the live stream's position (`Last-Event-ID`) is an entry number.
 *
 * A retried recordDecisions can append its batch again (the first append written, its answer lost): readers drop
 * a decision whose id they have seen (`walkEntries`, `RecentIds`).
 */
export const FEED_ENTRY_CAP = 200;
/** A page walks back at most this many entries, and this many decisions, before it answers what it found. */
export const MAX_WALK_ENTRIES = 100;
export const MAX_WALK_DECISIONS = 5_000;
const READ_CHUNK = 8;

export interface FeedEntry {
  decisions: FeedDecision[];
}

type Models = Pick<NumberedLogModels, 'decisionFeed' | 'logHeads'>;

const commits = new WeakMap<Models, GroupCommit<FeedDecision>>();

/** Appends decisions to the workspace's feed, in a group with others arriving meanwhile in this process. */
export function appendToDecisionFeed(
  models: Models,
  workspace: string,
  decisions: FeedDecision[],
): Promise<void> {
  let commit = commits.get(models);
  if (!commit) {
    commit = new GroupCommit<FeedDecision>(async (scope, items) => {
      await appendToHotLog<FeedEntry>(models, 'decisionFeed', scope, { decisions: items });
    }, FEED_ENTRY_CAP);
    commits.set(models, commit);
  }
  return commit.append(workspace, decisions);
}

/** The number of the newest entry (0: none yet). */
export function decisionFeedHead(models: Models, workspace: string): Promise<number> {
  return lastLogNumber(models, 'decisionFeed', workspace);
}

/** Entries `from` up to `to` inclusive, oldest first; stops at the first not written yet. */
export async function readDecisionFeedEntries(
  models: Models,
  workspace: string,
  from: number,
  to: number,
): Promise<{ n: number; decisions: FeedDecision[] }[]> {
  const numbers: number[] = [];
  for (let n = from; n <= to; n++) numbers.push(n);
  const found = await readLogEntries<FeedEntry>(models, 'decisionFeed', workspace, numbers);
  const out: { n: number; decisions: FeedDecision[] }[] = [];
  for (const [i, entry] of found.entries()) {
    if (entry.n !== from + i) break;
    out.push({ n: entry.n, decisions: entry.entry.decisions });
  }
  return out;
}

export interface DecisionPage extends PageWalk {
  /** The newest entry when the page was read: where a live stream continues (`Last-Event-ID`). */
  head: number;
  /** True when the walk stopped at its bound before finding `limit` decisions: `nextBefore` looks further back. */
  truncated: boolean;
}

/**
 * At most `limit` decisions matching `filter`, newest first, older than `before`; walks back at most
 * MAX_WALK_ENTRIES entries or MAX_WALK_DECISIONS decisions, reading READ_CHUNK entries by `_id` at a time.
 */
export async function readDecisionPage(
  models: Models,
  workspace: string,
  { filter, limit, before }: { filter: FeedFilter; limit: number; before?: FeedPosition },
): Promise<DecisionPage> {
  const head = await decisionFeedHead(models, workspace);
  let next = before === undefined ? head : Math.min(head, before.entry);
  const start = before === undefined || before.entry > head ? undefined : before;
  const seen = new Set<string>();
  const decisions: PageWalk['decisions'] = [];
  let walkedEntries = 0;
  let walkedDecisions = 0;
  while (next >= 1) {
    if (walkedEntries >= MAX_WALK_ENTRIES || walkedDecisions >= MAX_WALK_DECISIONS) {
      return { decisions, nextBefore: String(next + 1), head, truncated: true };
    }
    const low = Math.max(1, next - READ_CHUNK + 1);
    const chunk = await readDecisionFeedEntriesDescending(models, workspace, low, next);
    const walk = walkEntries(chunk, { filter, limit: limit - decisions.length, before: start, seen });
    decisions.push(...walk.decisions);
    if (walk.filled) return { decisions, nextBefore: walk.nextBefore, head, truncated: false };
    walkedEntries += chunk.length;
    walkedDecisions += chunk.reduce((sum, e) => sum + e.decisions.length, 0);
    next = low - 1;
  }
  // The walk reached entry 1: nothing older.
  return { decisions, nextBefore: null, head, truncated: false };
}

async function readDecisionFeedEntriesDescending(
  models: Models,
  workspace: string,
  low: number,
  high: number,
): Promise<{ n: number; decisions: FeedDecision[] }[]> {
  const numbers: number[] = [];
  for (let n = high; n >= low; n--) numbers.push(n);
  const found = await readLogEntries<FeedEntry>(models, 'decisionFeed', workspace, numbers);
  return found.map((e) => ({ n: e.n, decisions: e.entry.decisions }));
}
