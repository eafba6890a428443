import type { CustomerState } from '../customer/customerState';
import { isRequestOfEndedJourney } from '../journeys/journeysState';
import { longestCapWindowMs } from '../policy/capWindows';
import { ADDRESS_TRAITS } from '../customer/engagement';
import { emptyEngagementProfile } from '../personalization/engagementProfile';
import { uniformWorkspaceProfile } from '../personalization/workspaceProfile';
import type { PolicyInForce } from '../policy/policyDocument';
import type { LearnedEngagement } from './decidePersonalized';
import { decidePersonalized } from './decidePersonalized';
import { holdBack, holdoutFor } from './holdout';
import { pickDueMessages, redecideAtSendTime } from './redecideAtSendTime';
import { settleDecision } from './settleDecision';
import { CHANNELS } from './types';
import type {
  Category,
  Channel,
  ContactAnswer,
  ContactContext,
  ContactDecision,
  ContactRequest,
  DecisionRecord,
  PendingDelivery,
  ReasonCode,
  RoutedContactRequest,
  ScheduledContact,
  SentContact,
  WithdrawalInputs,
} from './types';

/**
 * The customer's contact ledger as the workflow keeps it: JSON-safe and bounded (sent messages within the
 * longest cap window, scheduled messages, and the last answers by request id). Across continue-as-new it is
 * carried in a compact form (carriedLedger.ts).
 */
export interface ContactLedgerState {
  sent: SentContact[];
  scheduled: ScheduledContact[];
  /**
   * The request behind each scheduled message, by messageId: its content is needed when it goes out. Routed:
   * the channel "auto" chose, the time "optimal" chose as its notBefore.
   */
  scheduledRequests: Record<string, RoutedContactRequest>;
  /** Answers by request id, oldest first in `answerOrder`; bounded by ANSWERS_KEPT. */
  answers: Record<string, ContactAnswer>;
  answerOrder: string[];
  /**
   * When each request was first answered (epoch ms), by request id: how long its answer is carried across
   * continue-as-new (carriedLedger.ts, ANSWERS_RETAINED_MS). Beside the answers, not in them, so an answer is
   * what the API returns and nothing more. Optional: answers from before it have no time.
   */
  answeredAt?: Record<string, number>;
  /**
   * The last SENDS_REMEMBERED messages sent, whatever their age, oldest first: what engagement events are
   * about (`sentMessageOf`). Optional: ledgers carried from before it have only `sent`.
   */
  recentSends?: SentContact[];
}

export const ANSWERS_KEPT = 1000;
export const SENDS_REMEMBERED = 500;

export const emptyContactLedger: ContactLedgerState = {
  sent: [],
  scheduled: [],
  scheduledRequests: {},
  answers: {},
  answerOrder: [],
};

/** Everything a contact decision needs, derived from the customer's state: one source of truth. */
export function contactContextOf(state: CustomerState, ledger: ContactLedgerState): ContactContext {
  const consent: ContactContext['consent'] = {};
  for (const [channel, record] of Object.entries(state.consent)) {
    if (record && (channel === 'email' || channel === 'sms' || channel === 'push' || channel === 'webhook')) {
      consent[channel] = record.status;
    }
  }
  const channelRecords = <T>(records: Partial<Record<string, T>> | undefined) =>
    Object.entries(records ?? {}).filter(
      (entry): entry is [Channel, T] => entry[1] !== undefined && isChannel(entry[0]),
    );
  const unreachable = Object.fromEntries(channelRecords(state.unreachable).map(([c]) => [c, true as const]));
  const categoryConsent = Object.fromEntries(
    channelRecords(state.categoryConsent).map(([channel, byCategory]) => [
      channel,
      Object.fromEntries(Object.entries(byCategory).flatMap(([c, r]) => (r ? [[c, r.status]] : []))),
    ]),
  );
  const addressed = Object.fromEntries(
    CHANNELS.filter((channel) => hasAddress(state, channel)).map((channel) => [channel, true as const]),
  );
  return {
    sent: ledger.sent,
    scheduled: ledger.scheduled,
    openCases: state.openCases.length,
    ...(Object.keys(addressed).length > 0 ? { addressed } : {}),
    ...(Object.keys(unreachable).length > 0 ? { unreachable } : {}),
    ...(Object.keys(categoryConsent).length > 0 ? { categoryConsent } : {}),
    ...(state.lastDisruptionAt ? { lastDisruptionAt: Date.parse(state.lastDisruptionAt) } : {}),
    ...(state.lastNegativeAt ? { lastNegativeSentimentAt: Date.parse(state.lastNegativeAt) } : {}),
    consent,
    ...(typeof state.traits.timezone === 'string' ? { timeZone: state.traits.timezone } : {}),
  };
}

function hasAddress(state: CustomerState, channel: Channel): boolean {
  const trait = ADDRESS_TRAITS[channel];
  const address = trait === undefined ? undefined : state.traits[trait];
  return typeof address === 'string' && address.trim() !== '';
}

function isChannel(name: string): name is Channel {
  return (CHANNELS as readonly string[]).includes(name);
}

/** A message this customer was sent, as the ledger remembers it (the last SENDS_REMEMBERED, and the window). */
export function sentMessageOf(
  ledger: ContactLedgerState,
  messageId: string,
): { channel: Channel; category: Category } | undefined {
  const found =
    ledger.recentSends?.find((c) => c.messageId === messageId) ??
    ledger.sent.find((c) => c.messageId === messageId);
  return found && { channel: found.channel, category: found.category };
}

export interface LedgerStep {
  ledger: ContactLedgerState;
  records: DecisionRecord[];
  deliveries: PendingDelivery[];
}

/**
 * Decides a new request (or answers a repeated one) and applies it, re-deciding any lower-priority scheduled
 * messages it displaced. `newMessageId` is called once per new message: ids come from the workflow's
 * deterministic uuid4 so a replay makes the same ones. `learned` is what "auto" and "optimal" decide on
 * (decidePersonalized.ts); without it they decide as for a customer nobody knows anything about.
 */
export function requestContact(
  state: CustomerState,
  ledger: ContactLedgerState,
  request: ContactRequest,
  policy: PolicyInForce,
  now: number,
  newMessageId: () => string,
  learned: LearnedEngagement = { profile: emptyEngagementProfile(), workspace: uniformWorkspaceProfile() },
): LedgerStep & { answer: ContactAnswer } {
  const repeated = answerFor(ledger.answers, request.id);
  if (repeated) return { ledger, records: [], deliveries: [], answer: repeated };
  if (isRequestOfEndedJourney(state.journeys, request.id)) {
    // Asked while its journey was ending (an exit event arrived meanwhile): the reason to send is gone.
    const answer: ContactAnswer = {
      requestId: request.id,
      decision: 'suppressed',
      reason: 'journey_ended',
      policyVersion: policy.version,
    };
    return { ledger, records: [], deliveries: [], answer };
  }

  const ctx = contactContextOf(state, ledger);
  // Drawn before deciding: an "optimal" message's exploring is seeded with its id.
  const messageId = newMessageId();
  const routed = decidePersonalized(ctx, request, policy, learned, messageId, now);
  const subject = routed.request;
  const decision = holdBack(routed.decision, holdoutFor(state, request, policy));
  const settled = settleDecision(ctx, subject, decision, messageId, policy, now);
  const step = applySettled(ledger, settled, { subject, decision, messageId, trigger: 'request' }, now);
  const answer: ContactAnswer = {
    requestId: request.id,
    decision: decision.decision,
    reason: decision.reason,
    ...(decision.decision !== 'suppressed' ? { messageId } : {}),
    // The channel it goes on; none when "auto" found no channel it could use.
    ...(decision.inputs.channelChoice?.reason !== 'no_candidate' ? { channel: subject.channel } : {}),
    ...(decision.decision === 'scheduled'
      ? { scheduledFor: new Date(decision.scheduledFor).toISOString() }
      : {}),
    policyVersion: decision.policyVersion,
  };
  const order = [...step.ledger.answerOrder, request.id];
  const dropped = order.slice(0, Math.max(0, order.length - ANSWERS_KEPT));
  const answers = { ...step.ledger.answers, [request.id]: answer };
  // Read by nothing that decides: only by the carry across continue-as-new.
  const answeredAt = { ...step.ledger.answeredAt, [request.id]: now };
  for (const id of dropped) {
    delete answers[id];
    delete answeredAt[id];
  }
  return {
    ...step,
    ledger: pruneContactLedger(
      { ...step.ledger, answers, answerOrder: order.slice(dropped.length), answeredAt },
      policy,
      now,
    ),
    answer,
  };
}

/**
 * Decides again, one at a time and highest priority first, every scheduled message whose time has come:
 * the customer's state may have changed since (a disruption, an opt-out, a new case, a cap used up).
 */
export function decideDueMessages(
  state: CustomerState,
  ledger: ContactLedgerState,
  policy: PolicyInForce,
  now: number,
): LedgerStep {
  let current = ledger;
  const records: DecisionRecord[] = [];
  const deliveries: PendingDelivery[] = [];
  for (;;) {
    const ctx = contactContextOf(state, current);
    const [due] = pickDueMessages(ctx, now);
    if (!due) break;
    const decision = holdBack(
      redecideAtSendTime(ctx, due, policy, now),
      holdoutFor(state, { id: due.requestId, category: due.category }, policy),
    );
    const settled = settleDecision(ctx, due, decision, due.messageId, policy, now);
    const step = applySettled(
      current,
      settled,
      {
        subject: current.scheduledRequests[due.messageId] ?? requestOf(due),
        decision,
        messageId: due.messageId,
        trigger: 'scheduled_time',
      },
      now,
    );
    current = step.ledger;
    records.push(...step.records);
    deliveries.push(...step.deliveries);
  }
  return { ledger: pruneContactLedger(current, policy, now), records, deliveries };
}

/**
 * Why a scheduled message may never go out that only a change in the customer's state gives: an opt-out, an
 * open case, a disruption, sentiment, a hard bounce, a holdout. Caps, quiet hours and priority are not here: they only move
 * a message.
 */
const STATE_SUPPRESSIONS: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'holdout',
  'opted_out',
  'unreachable',
  'open_case',
  'disruption',
  'negative_sentiment',
]);

/**
 * Decides at once every scheduled message that what the customer's state now says would suppress when its
 * time comes — each looked at as of its scheduled time, with the state as it is now (a disruption window that
 * ends before then does not stop it) — so the ledger never shows as coming a message that cannot go out.
 * Each is recorded as suppressed now, with the reason (ledger, timeline). A repeated request still gets its
 * first answer: the contract says the same request id returns the same answer.
 */
export function suppressExcludedNow(
  state: CustomerState,
  ledger: ContactLedgerState,
  policy: PolicyInForce,
  now: number,
): Omit<LedgerStep, 'deliveries'> {
  let current = ledger;
  const records: DecisionRecord[] = [];
  for (const message of ledger.scheduled) {
    const ctx = contactContextOf(state, current);
    const atItsTime = holdBack(
      redecideAtSendTime(ctx, message, policy, Math.max(now, message.scheduledFor)),
      holdoutFor(state, { id: message.requestId, category: message.category }, policy),
    );
    if (atItsTime.decision !== 'suppressed' || !STATE_SUPPRESSIONS.has(atItsTime.reason)) continue;
    const settled = settleDecision(ctx, message, atItsTime, message.messageId, policy, now);
    const subject = current.scheduledRequests[message.messageId] ?? requestOf(message);
    const step = applySettled(
      current,
      settled,
      { subject, decision: atItsTime, messageId: message.messageId, trigger: 'state_change' },
      now,
    );
    current = step.ledger;
    records.push(...step.records);
  }
  return { ledger: current, records };
}

/**
 * Takes back every scheduled (not yet sent) message whose request id starts with `requestIdPrefix`: a journey
 * that ends early withdraws what it had asked for, so a cart reminder deferred by quiet hours does not go out
 * after the customer bought the cart. Each withdrawn message is recorded as suppressed, reason `withdrawn`.
 */
export function withdrawScheduledMessages(
  ledger: ContactLedgerState,
  requestIdPrefix: string,
  withdrawal: WithdrawalInputs,
  policyVersion: number,
  now: number,
): Omit<LedgerStep, 'deliveries'> {
  const withdrawn = ledger.scheduled.filter((m) => m.requestId.startsWith(requestIdPrefix));
  if (withdrawn.length === 0) return { ledger, records: [] };
  const scheduledRequests = { ...ledger.scheduledRequests };
  const answers = { ...ledger.answers };
  const decidedAt = new Date(now).toISOString();
  const records = withdrawn.map((m): DecisionRecord => {
    const request = scheduledRequests[m.messageId] ?? requestOf(m);
    delete scheduledRequests[m.messageId];
    // The same request id asked again now gets the truth: it will not go out.
    const answer = answerFor(answers, m.requestId);
    // An own property (answerFor), so this assignment replaces it, whatever the id: even "__proto__".
    if (answer) {
      answers[m.requestId] = {
        requestId: answer.requestId,
        decision: 'suppressed',
        reason: 'withdrawn',
        messageId: m.messageId,
        policyVersion,
      };
    }
    return {
      messageId: m.messageId,
      requestId: m.requestId,
      decision: 'suppressed',
      reason: 'withdrawn',
      channel: m.channel,
      category: m.category,
      ...(request.campaign !== undefined ? { campaign: request.campaign } : {}),
      priority: m.priority,
      decidedAt,
      policyVersion,
      inputs: withdrawal,
      trigger: 'withdrawn',
    };
  });
  return {
    ledger: {
      ...ledger,
      scheduled: ledger.scheduled.filter((m) => !withdrawn.includes(m)),
      scheduledRequests,
      answers,
    },
    records,
  };
}

/**
 * The answer kept for a request id, if any. Ids are the client's: a plain `answers[id]` finds Object.prototype's
 * members for "__proto__", "constructor" or "toString" and answers them instead of deciding. Answers are written
 * with computed keys in object literals (own properties, whatever the id), so the state keeps its shape.
 */
export function answerFor(
  answers: ContactLedgerState['answers'],
  requestId: string,
): ContactAnswer | undefined {
  return Object.prototype.hasOwnProperty.call(answers, requestId) ? answers[requestId] : undefined;
}

/** When the next scheduled message is due, if any. */
export function nextDueAt(ledger: ContactLedgerState): number | undefined {
  return ledger.scheduled.reduce<number | undefined>(
    (earliest, m) => (earliest === undefined || m.scheduledFor < earliest ? m.scheduledFor : earliest),
    undefined,
  );
}

/**
 * Keeps the ledger bounded: sends older than the longest cap window no longer count for anything. Every
 * decision step prunes, so a customer whose messages all go out at once stays bounded too.
 */
export function pruneContactLedger(
  ledger: ContactLedgerState,
  policy: PolicyInForce,
  now: number,
): ContactLedgerState {
  return { ...ledger, sent: [...pruneSent(ledger.sent, policy, now)] };
}

/**
 * The sends still inside the longest cap window, and no older ones, so that the state carried across
 * continue-as-new stays bounded. A send that has left every window can no longer count against any cap.
 * The same list when none has left.
 */
export function pruneSent(
  sent: readonly SentContact[],
  policy: PolicyInForce,
  now: number,
): readonly SentContact[] {
  const horizon = now - longestCapWindowMs(policy);
  const kept = sent.filter((c) => c.sentAt > horizon);
  return kept.length === sent.length ? sent : kept;
}

interface Decided {
  subject: RoutedContactRequest;
  decision: ContactDecision;
  messageId: string;
  trigger: DecisionRecord['trigger'];
}

function applySettled(
  ledger: ContactLedgerState,
  settled: ReturnType<typeof settleDecision>,
  first: Decided,
  now: number,
): LedgerStep {
  const decided: Decided[] = [
    first,
    ...settled.redecided.map((r) => ({
      subject: ledger.scheduledRequests[r.message.messageId] ?? requestOf(r.message),
      decision: r.decision,
      messageId: r.message.messageId,
      trigger: 'displaced' as const,
    })),
  ];
  const scheduledRequests: Record<string, RoutedContactRequest> = {};
  for (const m of settled.ctx.scheduled) {
    const known = ledger.scheduledRequests[m.messageId];
    scheduledRequests[m.messageId] =
      known ?? (m.messageId === first.messageId ? first.subject : requestOf(m));
  }
  const decidedAt = new Date(now).toISOString();
  const sentNow = settled.ctx.sent.filter((c) => !ledger.sent.includes(c));
  return {
    ledger: {
      ...ledger,
      sent: [...settled.ctx.sent],
      scheduled: [...settled.ctx.scheduled],
      scheduledRequests,
      ...(sentNow.length > 0 ? { recentSends: rememberSends(ledger.recentSends, sentNow) } : {}),
    },
    records: decided.map((d) => toRecord(d, decidedAt)),
    deliveries: decided
      .filter((d) => d.decision.decision === 'sent')
      .map((d) => ({ messageId: d.messageId, request: d.subject, decidedAt })),
  };
}

function rememberSends(
  remembered: readonly SentContact[] | undefined,
  sentNow: readonly SentContact[],
): SentContact[] {
  const all = [...(remembered ?? []), ...sentNow];
  return all.slice(Math.max(0, all.length - SENDS_REMEMBERED));
}

function toRecord({ subject, decision, messageId, trigger }: Decided, decidedAt: string): DecisionRecord {
  return {
    messageId,
    requestId: subject.id,
    decision: decision.decision,
    reason: decision.reason,
    channel: subject.channel,
    category: subject.category,
    ...(subject.campaign !== undefined ? { campaign: subject.campaign } : {}),
    priority: subject.priority,
    decidedAt,
    ...(decision.decision === 'sent' ? { sentAt: decidedAt } : {}),
    ...(decision.decision === 'scheduled'
      ? { scheduledFor: new Date(decision.scheduledFor).toISOString() }
      : {}),
    policyVersion: decision.policyVersion,
    inputs: decision.inputs,
    trigger,
  };
}

/** A scheduled message whose request was not kept (should not happen): enough to decide and record it. */
function requestOf(message: ScheduledContact): RoutedContactRequest {
  return {
    id: message.requestId,
    channel: message.channel,
    category: message.category,
    priority: message.priority,
    expiresAt: message.expiresAt,
  };
}
