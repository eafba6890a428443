import type { ContactLedgerState } from './contactLedger';
import { ANSWERS_KEPT, answerFor, emptyContactLedger } from './contactLedger';
import type { ContactAnswer, RoutedContactRequest, ScheduledContact, SentContact } from './types';

/**
 * How long the answer to a contact request is carried across continue-as-new: the same request id asked
 * again within it gets the same answer (docs/DESIGN.md). Stripe keeps idempotency keys for 24 hours; a week
 * covers a client that retries after a long outage. An answer whose message is still scheduled is kept until
 * the message has gone out or been dropped, whatever its age.
 */
export const ANSWERS_RETAINED_MS = 7 * 86_400_000;

/**
 * The contact ledger as a customer's workflow carries it across continue-as-new (ContactLedgerState is the
 * form it works on). Each send is carried once: `sent` (the cap window) and `recentSends` (the last
 * SENDS_REMEMBERED) are each the newest entries of the other's list, so one list is carried with how many of
 * its last entries each one is. Answers are carried as a list, oldest first, with the time each was given and
 * without repeating the request id; answers older than ANSWERS_RETAINED_MS are not carried. JSON-safe.
 */
export interface CarriedLedger {
  /** Every send once, oldest first: the longer of `sent` and `recentSends`. */
  sends: SentContact[];
  /** `sent` is this many of the last `sends`. */
  sentCount: number;
  /** `recentSends` is this many of the last `sends`; absent when the ledger had none (or they are carried apart). */
  recentCount?: number;
  /** `recentSends`, when neither list was the newest entries of the other (not expected): carried as they are. */
  recentSends?: SentContact[];
  scheduled: ScheduledContact[];
  scheduledRequests: Record<string, RoutedContactRequest>;
  /** Oldest first: the ledger's `answerOrder`. */
  answers: CarriedAnswer[];
}

/** An answer as carried: its request id once (`id`), and when it was first given (`at`, epoch ms). */
export type CarriedAnswer = { id: string; at: number } & Omit<ContactAnswer, 'requestId'>;

/** What a workflow may be started with: the ledger as runs from before the compact form carried it, or that form. */
export type CarriedLedgerInput = ContactLedgerState | CarriedLedger;

export function isCarriedLedger(carried: CarriedLedgerInput): carried is CarriedLedger {
  return Array.isArray((carried as Partial<CarriedLedger>).sends);
}

/**
 * The ledger as it is carried across continue-as-new at `now`. Answers with no time (given before times were
 * kept) count as given at `now`: they are carried for ANSWERS_RETAINED_MS more.
 */
export function carryLedger(ledger: ContactLedgerState, now: number): CarriedLedger {
  return {
    ...carriedSends(ledger.sent, ledger.recentSends),
    scheduled: ledger.scheduled,
    scheduledRequests: ledger.scheduledRequests,
    answers: carriedAnswers(ledger, now),
  };
}

/** The ledger a run starts from: what the previous run carried, in either form; empty for a new customer. */
export function restoreLedger(carried: CarriedLedgerInput | undefined): ContactLedgerState {
  if (carried === undefined) return emptyContactLedger;
  if (!isCarriedLedger(carried)) return carried;
  const { sends, sentCount, recentCount } = carried;
  const recentSends =
    carried.recentSends ?? (recentCount === undefined ? undefined : sends.slice(sends.length - recentCount));
  const answerOrder = carried.answers.map((a) => a.id);
  return {
    sent: sends.slice(sends.length - sentCount),
    scheduled: carried.scheduled,
    scheduledRequests: carried.scheduledRequests,
    // Object.fromEntries makes own properties whatever the id, even "__proto__" (answerFor reads own ones).
    answers: Object.fromEntries(
      carried.answers.map(({ id, at: _at, ...answer }): [string, ContactAnswer] => [
        id,
        { requestId: id, ...answer },
      ]),
    ),
    answerOrder,
    answeredAt: Object.fromEntries(carried.answers.map((a) => [a.id, a.at])),
    ...(recentSends ? { recentSends } : {}),
  };
}

/**
 * The ledger as runs from before the compact form carried it, byte for byte: without the answer times, which
 * it did not have. For replaying those runs' continue-as-new.
 */
export function withoutAnswerTimes(ledger: ContactLedgerState): ContactLedgerState {
  if (ledger.answeredAt === undefined) return ledger;
  const { answeredAt: _answeredAt, ...before } = ledger;
  return before;
}

function carriedSends(
  sent: SentContact[],
  recentSends: SentContact[] | undefined,
): Pick<CarriedLedger, 'sends' | 'sentCount' | 'recentCount' | 'recentSends'> {
  if (recentSends === undefined) return { sends: sent, sentCount: sent.length };
  if (endsWith(recentSends, sent)) {
    return { sends: recentSends, sentCount: sent.length, recentCount: recentSends.length };
  }
  if (endsWith(sent, recentSends)) {
    return { sends: sent, sentCount: sent.length, recentCount: recentSends.length };
  }
  return { sends: sent, sentCount: sent.length, recentSends };
}

/** Whether the last entries of `list` are `tail`, the same sends in the same order. */
function endsWith(list: readonly SentContact[], tail: readonly SentContact[]): boolean {
  if (tail.length > list.length) return false;
  const offset = list.length - tail.length;
  return tail.every((send, i) => sameSend(list[offset + i], send));
}

function sameSend(a: SentContact | undefined, b: SentContact): boolean {
  return (
    a !== undefined &&
    a.messageId === b.messageId &&
    a.requestId === b.requestId &&
    a.channel === b.channel &&
    a.category === b.category &&
    a.priority === b.priority &&
    a.sentAt === b.sentAt
  );
}

function carriedAnswers(ledger: ContactLedgerState, now: number): CarriedAnswer[] {
  const horizon = now - ANSWERS_RETAINED_MS;
  const scheduled = new Set(ledger.scheduled.map((m) => m.messageId));
  const answeredAt = ledger.answeredAt ?? {};
  const carried: CarriedAnswer[] = [];
  for (const id of ledger.answerOrder.slice(-ANSWERS_KEPT)) {
    const answer = answerFor(ledger.answers, id);
    if (!answer) continue;
    const at = Object.prototype.hasOwnProperty.call(answeredAt, id) ? answeredAt[id] : now;
    const waiting = answer.messageId !== undefined && scheduled.has(answer.messageId);
    if (at === undefined || (at <= horizon && !waiting)) continue;
    const { requestId: _requestId, ...rest } = answer;
    carried.push({ id, at, ...rest });
  }
  return carried;
}
