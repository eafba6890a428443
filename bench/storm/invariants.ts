// The storm's verdict, read through the HTTP API only (docs/DESIGN.md's contract), after quiescence:
// every accepted event applied, and once; every request answered, and the same answer when asked again; no
// message delivered twice; no send beyond a cap's limit in any rolling window; every decision mirrored and
// every `sent` message delivered.
import { mapWithConcurrency } from '../../platform/mapWithConcurrency';
import type { CallOutcome, RetryingClient } from './retryingClient';
import type { StormContactRequest } from './scenario';

export interface ContactAnswer {
  requestId: string;
  decision: string;
  reason: string;
  messageId?: string;
  scheduledFor?: string;
}

export interface CustomerRecord {
  customerId: string;
  /** Every event id the client sent (accepted or not). */
  sentEventIds: string[];
  /** Event ids a 202 confirmed (as accepted or as a duplicate of one taken earlier). */
  acceptedEventIds: Set<string>;
  requests: StormContactRequest[];
  /** The first answer the client received for each request id. */
  answers: Map<string, ContactAnswer>;
  /**
   * The reads that showed the customer settled, kept for the invariant check: on FerretDB each is a scan of
   * a whole collection, and reading them twice doubles the longest phase of a large storm.
   */
  settledReads?: { customer: CallOutcome; ledger: CallOutcome; outbox: CallOutcome };
}

export interface InvariantReport {
  /** Accepted events missing from the customer's event count, or from its timeline (read for a sample). */
  lostEvents: number;
  /** Applications beyond the number of distinct event ids the customer was ever sent. */
  eventsAppliedTwice: number;
  /** Events the client could not get accepted within its retry budget. */
  eventsNeverAccepted: number;
  /** Requests never answered within the client's retry budget. */
  unansweredRequests: number;
  /** Requests answered differently when asked again with the same id. */
  changedAnswers: number;
  /** A request delivered under more than one messageId, or a messageId listed twice. */
  duplicateDeliveries: number;
  /** Sends beyond a cap's limit within its rolling window (ledger and outbox, whichever shows more). */
  capViolations: number;
  /** `sent` answers whose message is not in the outbox as delivered. */
  sentNotDelivered: number;
  /** Answered requests missing from the ledger mirror. */
  decisionsNotMirrored: number;
  /** A few concrete cases of each failure, for the report. */
  examples: string[];
}

interface Cap {
  name: string;
  channels?: string[];
  categories?: string[];
  limit: number;
  window: string;
}

interface LedgerEntry {
  messageId: string;
  requestId: string;
  decision: string;
  channel: string;
  category: string;
  decidedAt: string;
  sentAt?: string;
}

interface OutboxEntry {
  messageId: string;
  requestId: string;
  channel: string;
  category: string;
  status: string;
  decidedAt: string;
}

const PARALLEL_READS = 4;

/** Read by hand (not with the code under test): "90s", "15m", "24h", "7d". */
export function windowMs(window: string): number {
  const match = /^(\d+)(s|m|h|d)$/.exec(window);
  if (!match) throw new Error(`unreadable cap window ${window}`);
  const unit: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return Number(match[1]) * unit[match[2]];
}

/** Sends in the cap's scope: no channels means all channels; no categories means all but transactional. */
function inScope(cap: Cap, send: { channel: string; category: string }): boolean {
  if (send.category === 'transactional') return false;
  if (cap.channels && !cap.channels.includes(send.channel)) return false;
  if (cap.categories && !cap.categories.includes(send.category)) return false;
  return true;
}

/** For each send in scope, how many sends of the window ending at it exceed the limit. */
export function capExcess(caps: Cap[], sends: { at: number; channel: string; category: string }[]): string[] {
  const found: string[] = [];
  for (const cap of caps) {
    const span = windowMs(cap.window);
    const times = sends
      .filter((s) => inScope(cap, s))
      .map((s) => s.at)
      .sort((a, b) => a - b);
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t > times[i] - span && t <= times[i]).length;
      if (inWindow > cap.limit)
        found.push(`${cap.name}: ${inWindow} sends in ${cap.window} (limit ${cap.limit})`);
    }
  }
  return found;
}

/**
 * Waits until every customer's read side shows what the client was told: its events counted, its decisions
 * in the ledger, its `sent` messages in the outbox. Returns how long it took, and who never settled.
 */
export async function waitForQuiescence(
  client: RetryingClient,
  records: CustomerRecord[],
  timeoutMs: number,
): Promise<{ afterMs: number; unsettled: string[] }> {
  const started = Date.now();
  let pending = records;
  while (pending.length > 0 && Date.now() - started < timeoutMs) {
    const settled = await mapWithConcurrency(pending, PARALLEL_READS, (r) => isSettled(client, r));
    pending = pending.filter((_, i) => !(settled[i].status === 'fulfilled' && settled[i].value));
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 2_000));
  }
  return { afterMs: Date.now() - started, unsettled: pending.map((r) => r.customerId) };
}

async function isSettled(client: RetryingClient, record: CustomerRecord): Promise<boolean> {
  const id = encodeURIComponent(record.customerId);
  // The cheap read first (by _id): the scans only once the events are all counted.
  const customer = await client.call('GET', `/v1/customers/${id}`);
  const events = (customer.body as { counts?: { events?: number } } | undefined)?.counts?.events ?? 0;
  if (customer.status !== 200 || events < record.acceptedEventIds.size) return false;
  const [ledger, outbox] = await Promise.all([
    client.call('GET', `/v1/customers/${id}/ledger?limit=500`),
    client.call('GET', `/v1/customers/${id}/outbox?limit=500`),
  ]);
  const mirrored = new Set(
    ((ledger.body as { contacts?: LedgerEntry[] } | undefined)?.contacts ?? []).map((c) => c.requestId),
  );
  if ([...record.answers.keys()].some((requestId) => !mirrored.has(requestId))) return false;
  const delivered = new Set(
    ((outbox.body as { messages?: OutboxEntry[] } | undefined)?.messages ?? [])
      .filter((m) => m.status === 'delivered')
      .map((m) => m.messageId),
  );
  const sent = [...record.answers.values()].filter((a) => a.decision === 'sent');
  if (!sent.every((a) => a.messageId !== undefined && delivered.has(a.messageId))) return false;
  record.settledReads = { customer, ledger, outbox };
  return true;
}

/**
 * Customers whose timeline is read too. The timeline is four queries that FerretDB answers by scanning whole
 * collections (only `_id` filters use an index): about 8 s each at 600 customers, against 0.5 s for the
 * customer. Event counts are checked for every customer; the timeline (every accepted id present) for a
 * spread-out sample of this many.
 */
export const TIMELINE_SAMPLE = 60;

export async function checkInvariants(
  client: RetryingClient,
  records: CustomerRecord[],
  log: (line: string) => void = () => undefined,
): Promise<InvariantReport> {
  const report: InvariantReport = {
    lostEvents: 0,
    eventsAppliedTwice: 0,
    eventsNeverAccepted: 0,
    unansweredRequests: 0,
    changedAnswers: 0,
    duplicateDeliveries: 0,
    capViolations: 0,
    sentNotDelivered: 0,
    decisionsNotMirrored: 0,
    examples: [],
  };
  const example = (line: string) => {
    if (report.examples.length < 40) report.examples.push(line);
  };
  const policy = await client.call('GET', '/v1/policy');
  if (policy.status !== 200) throw new Error(`GET /v1/policy answered ${policy.status}`);
  const caps = (policy.body as { caps: Cap[] }).caps;

  const every = Math.max(1, Math.ceil(records.length / TIMELINE_SAMPLE));
  let checked = 0;
  const results = await mapWithConcurrency(records, PARALLEL_READS, async (record) => {
    const id = encodeURIComponent(record.customerId);
    const withTimeline = records.indexOf(record) % every === 0;
    const kept = record.settledReads;
    const [customer, timeline, ledger, outbox] = await Promise.all([
      kept?.customer ?? client.call('GET', `/v1/customers/${id}`),
      withTimeline ? client.call('GET', `/v1/customers/${id}/timeline?limit=1000`) : undefined,
      kept?.ledger ?? client.call('GET', `/v1/customers/${id}/ledger?limit=500`),
      kept?.outbox ?? client.call('GET', `/v1/customers/${id}/outbox?limit=500`),
    ]);
    if (++checked % 100 === 0) log(`  checked ${checked} of ${records.length} customers`);
    const who = record.customerId;

    // Events: every accepted one applied (in the timeline and counted), none applied twice.
    report.eventsNeverAccepted += record.sentEventIds.length - record.acceptedEventIds.size;
    const counted = (customer.body as { counts?: { events?: number } } | undefined)?.counts?.events ?? 0;
    const entries = ((timeline?.body as { entries?: { kind: string; eventId?: string }[] } | undefined)
      ?.entries ?? []) as { kind: string; eventId?: string }[];
    const inTimeline = new Set(entries.filter((e) => e.kind === 'event').map((e) => e.eventId));
    const missing = timeline ? [...record.acceptedEventIds].filter((e) => !inTimeline.has(e)) : [];
    const lost = Math.max(missing.length, record.acceptedEventIds.size - counted);
    if (lost > 0) {
      report.lostEvents += lost;
      example(
        `${who}: ${lost} accepted event(s) not applied (counted ${counted}, missing ${missing.join(', ')})`,
      );
    }
    const twice = counted - new Set(record.sentEventIds).size;
    if (twice > 0) {
      report.eventsAppliedTwice += twice;
      example(`${who}: ${counted} events counted for ${record.sentEventIds.length} distinct ids`);
    }

    // Requests: answered, mirrored, and the same answer when asked again.
    const unanswered = record.requests.filter((r) => !record.answers.has(r.id));
    report.unansweredRequests += unanswered.length;
    for (const r of unanswered) example(`${who}: request ${r.id} never answered`);
    const contacts = (ledger.body as { contacts?: LedgerEntry[] } | undefined)?.contacts ?? [];
    const mirrored = new Set(contacts.map((c) => c.requestId));
    for (const requestId of record.answers.keys()) {
      if (!mirrored.has(requestId)) {
        report.decisionsNotMirrored++;
        example(`${who}: decision on ${requestId} not in the ledger`);
      }
    }
    for (const request of record.requests) {
      const first = record.answers.get(request.id);
      if (!first) continue;
      const again = await client.call('POST', `/v1/customers/${id}/contact-requests`, request);
      const answer = again.body as ContactAnswer;
      if (
        again.status !== 200 ||
        answer.decision !== first.decision ||
        answer.reason !== first.reason ||
        answer.messageId !== first.messageId
      ) {
        report.changedAnswers++;
        example(
          `${who}: ${request.id} first ${first.decision}/${first.reason}/${first.messageId}, again ${again.status} ${answer?.decision}/${answer?.reason}/${answer?.messageId}`,
        );
      }
    }

    // Deliveries: each message once, each request under one messageId, each `sent` answer delivered.
    const messages = (outbox.body as { messages?: OutboxEntry[] } | undefined)?.messages ?? [];
    const byMessage = new Map<string, number>();
    const byRequest = new Map<string, Set<string>>();
    for (const m of messages) {
      byMessage.set(m.messageId, (byMessage.get(m.messageId) ?? 0) + 1);
      byRequest.set(m.requestId, (byRequest.get(m.requestId) ?? new Set()).add(m.messageId));
    }
    for (const [messageId, n] of byMessage) {
      if (n > 1) {
        report.duplicateDeliveries += n - 1;
        example(`${who}: message ${messageId} listed ${n} times in the outbox`);
      }
    }
    for (const [requestId, ids] of byRequest) {
      if (ids.size > 1) {
        report.duplicateDeliveries += ids.size - 1;
        example(`${who}: request ${requestId} delivered as ${[...ids].join(', ')}`);
      }
    }
    const delivered = new Set(messages.filter((m) => m.status === 'delivered').map((m) => m.messageId));
    for (const answer of record.answers.values()) {
      if (answer.decision === 'sent' && (!answer.messageId || !delivered.has(answer.messageId))) {
        report.sentNotDelivered++;
        example(`${who}: ${answer.requestId} answered sent (${answer.messageId}) but not delivered`);
      }
    }

    // Caps, over what the ledger says was sent and over what the outbox says went out.
    const ledgerSends = contacts
      .filter((c) => c.decision === 'sent')
      .map((c) => ({ at: Date.parse(c.sentAt ?? c.decidedAt), channel: c.channel, category: c.category }));
    const outboxSends = messages.map((m) => ({
      at: Date.parse(m.decidedAt),
      channel: m.channel,
      category: m.category,
    }));
    const excess = [capExcess(caps, ledgerSends), capExcess(caps, outboxSends)].sort(
      (a, b) => b.length - a.length,
    )[0];
    report.capViolations += excess.length;
    for (const line of excess) example(`${who}: ${line}`);
  });
  for (const r of results) {
    if (r.status === 'rejected') throw r.reason;
  }
  return report;
}

/** Names of the invariants that failed (empty: the storm passed). */
export function failedInvariants(report: InvariantReport): string[] {
  const keys: (keyof InvariantReport)[] = [
    'lostEvents',
    'eventsAppliedTwice',
    'eventsNeverAccepted',
    'unansweredRequests',
    'changedAnswers',
    'duplicateDeliveries',
    'capViolations',
    'sentNotDelivered',
    'decisionsNotMirrored',
  ];
  return keys.filter((k) => (report[k] as number) > 0);
}
