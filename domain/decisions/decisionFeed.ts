import type { Category, Channel, DecisionRecord } from '../contact/types';
import { journeyOfRequestId } from '../journeys/journeysState';

/**
 * The workspace's decision feed (storage/decisionFeed.ts): every decision of every customer, in the order the
 * workers recorded them, so the dashboard can show the newest across customers without a scan. This module is
 * the pure part: what a feed decision holds, how filters match, the cursor, and de-duplication.
 */

/** A decision as the feed keeps it: what a person scanning the newest decisions reads (no inputs). */
export interface FeedDecision {
  /** The decision's own id in the `decisions` collection (`messageId:decidedAt:trigger`): the de-duplication key. */
  id: string;
  customerId: string;
  messageId: string;
  decision: DecisionRecord['decision'];
  reason: string;
  channel: Channel;
  category: Category;
  campaign?: string;
  trigger: DecisionRecord['trigger'];
  /** The journey whose request it was (from its request id), if a journey's. */
  journey?: string;
  decidedAt: string;
  scheduledFor?: string;
  policyVersion: number;
}

export function decisionId(record: Pick<DecisionRecord, 'messageId' | 'decidedAt' | 'trigger'>): string {
  return `${record.messageId}:${record.decidedAt}:${record.trigger}`;
}

export function feedDecisionOf(customerId: string, record: DecisionRecord): FeedDecision {
  const journey = journeyOfRequestId(record.requestId)?.name;
  return {
    id: decisionId(record),
    customerId,
    messageId: record.messageId,
    decision: record.decision,
    reason: record.reason,
    channel: record.channel,
    category: record.category,
    ...(record.campaign !== undefined ? { campaign: record.campaign } : {}),
    trigger: record.trigger,
    ...(journey !== undefined ? { journey } : {}),
    decidedAt: new Date(record.decidedAt).toISOString(),
    ...(record.scheduledFor !== undefined
      ? { scheduledFor: new Date(record.scheduledFor).toISOString() }
      : {}),
    policyVersion: record.policyVersion,
  };
}

export interface FeedFilter {
  /** A reason code; one without `:` also matches its family (`frequency_cap` matches `frequency_cap:sms-24h`). */
  reason?: string;
  channel?: Channel;
  campaign?: string;
}

export function matchesFilter(decision: FeedDecision, filter: FeedFilter): boolean {
  if (filter.channel !== undefined && decision.channel !== filter.channel) return false;
  if (filter.campaign !== undefined && decision.campaign !== filter.campaign) return false;
  if (filter.reason !== undefined) {
    const family = !filter.reason.includes(':') && decision.reason.startsWith(`${filter.reason}:`);
    if (decision.reason !== filter.reason && !family) return false;
  }
  return true;
}

/**
 * Where a decision is in the feed: entry `entry` of the log (numbered from 1), `index` within it. Newest first
 * is entry descending, then index descending. Written `entry.index`; a bare `entry` means "before the whole
 * entry".
 */
export interface FeedPosition {
  entry: number;
  index: number;
}

export function formatPosition({ entry, index }: FeedPosition): string {
  return `${entry}.${index}`;
}

const CURSOR = /^([1-9][0-9]{0,14})(?:\.(0|[1-9][0-9]{0,5}))?$/;

/** A `before` cursor as `nextBefore` gave it, or undefined when it is not one. A bare entry is `entry.0`. */
export function parseCursor(text: string): FeedPosition | undefined {
  const match = CURSOR.exec(text);
  if (!match) return undefined;
  return { entry: Number(match[1]), index: match[2] === undefined ? 0 : Number(match[2]) };
}

export interface FeedEntryDecisions {
  n: number;
  decisions: FeedDecision[];
}

export interface PageWalk {
  /** Newest first, each once, with its position. */
  decisions: (FeedDecision & { position: string })[];
  /** Where the next page starts (exclusive), or null when the walk reached the start of the feed. */
  nextBefore: string | null;
}

/**
 * Walks entries (given newest first, contiguous, each below `before`'s entry or equal to it) and takes the
 * decisions that match, newest first, below `before`, skipping ids in `seen` (which it fills): a batch that a
 * retried activity appended twice appears once. Stops when `limit` are taken.
 */
export function walkEntries(
  entries: FeedEntryDecisions[],
  {
    filter,
    limit,
    before,
    seen,
  }: { filter: FeedFilter; limit: number; before?: FeedPosition; seen: Set<string> },
): PageWalk & { filled: boolean } {
  const taken: PageWalk['decisions'] = [];
  let nextBefore: string | null = null;
  for (const { n, decisions } of entries) {
    const start =
      before && n === before.entry ? Math.min(before.index, decisions.length) - 1 : decisions.length - 1;
    if (before && n > before.entry) continue;
    for (let i = start; i >= 0; i--) {
      const d = decisions[i];
      if (!matchesFilter(d, filter) || seen.has(d.id)) continue;
      seen.add(d.id);
      taken.push({ ...d, position: formatPosition({ entry: n, index: i }) });
      if (taken.length === limit) {
        const atStart = n === 1 && i === 0;
        return {
          decisions: taken,
          nextBefore: atStart ? null : formatPosition({ entry: n, index: i }),
          filled: true,
        };
      }
    }
    nextBefore = n > 1 ? String(n) : null;
  }
  return { decisions: taken, nextBefore, filled: false };
}

/**
 * Remembers the ids of the last `capacity` decisions a reader passed on, to drop a decision seen again (a
 * retried batch appended twice) without growing for ever on a stream that stays open for days.
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity = 10_000) {}

  /** True the first time an id is offered (and remembers it); false when it was seen recently. */
  admit(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value as string;
      this.ids.delete(oldest);
    }
    return true;
  }
}
