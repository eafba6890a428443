import { CATEGORIES } from '../contact/types';
import type { Category } from '../contact/types';
import type { CustomerEvent } from '../events/customerEvent';
import type { CustomerState, EventSentiment, ServiceCase } from './customerState';
import type { SentMessageLookup } from './engagement';
import {
  applyConsentScope,
  applyEngagement,
  engagementFacts,
  reachableAgainAfterIdentify,
} from './engagement';
import { rememberId } from './recentIds';
import type { SentimentThresholds } from './sentimentSummary';
import { addSentimentSample, labelFor } from './sentimentSummary';

const CLOSED_CASES_KEPT = 10;
/** Negative topic mentions a customer's state keeps: enough for "what is this customer unhappy about". */
export const NEGATIVE_TOPICS_KEPT = 10;
const CASE_TOPICS_KEPT = 10;

/**
 * The customer's state after one event. Pure: the workflow calls it, tests call it directly.
 * `sentiment` is the event's own score, when the event had words or a rating to read; `sentMessage` finds a
 * message in the customer's ledger, for engagement events.
 */
export function applyEvent(
  state: CustomerState,
  event: CustomerEvent,
  sentiment: EventSentiment | undefined,
  thresholds: SentimentThresholds,
  sentMessage: SentMessageLookup = () => undefined,
): CustomerState {
  let next: CustomerState = {
    ...state,
    counts: {
      ...state.counts,
      events: state.counts.events + 1,
      [event.type]: (state.counts[event.type] ?? 0) + 1,
    },
    recentEventIds: rememberId(state.recentEventIds, event.id),
    lastEventAt: later(state.lastEventAt, event.occurredAt),
    firstSeenAt: state.firstSeenAt ?? event.occurredAt,
    version: state.version + 1,
  };

  if (sentiment) {
    next.sentiment = addSentimentSample(
      next.sentiment,
      { at: event.occurredAt, score: sentiment.score },
      thresholds,
    );
    if (sentiment.label === 'negative') next.lastNegativeAt = later(next.lastNegativeAt, event.occurredAt);
    next = rememberNegativeTopics(next, event, sentiment, thresholds);
  }

  const topics = topicNamesByScore(sentiment);
  switch (event.type) {
    case 'identify':
      next.traits = { ...next.traits, ...traitsOf(event) };
      next = reachableAgainAfterIdentify(next, traitsOf(event));
      break;
    case 'consent': {
      const channel = String(event.properties.channel);
      const status = event.properties.status === 'opted_out' ? 'opted_out' : 'opted_in';
      next = applyConsentScope(next, channel, { status, at: event.occurredAt }, categoryOf(event));
      break;
    }
    case 'engagement': {
      // Facts read against the state before this event: `next` already remembers nothing of it.
      const facts = engagementFacts(state, event, sentMessage);
      if (facts) next = applyEngagement(next, facts, event.occurredAt);
      break;
    }
    case 'disruption':
      next.lastDisruptionAt = later(next.lastDisruptionAt, event.occurredAt);
      next = openOrJoinCase(next, event, 'disruption', topics);
      break;
    case 'case_resolved':
      next = resolveCases(next, event);
      break;
    default:
      if (sentiment?.label === 'negative' && event.type === 'message') {
        next = openOrJoinCase(next, event, 'negative_message', topics);
      }
  }
  return next;
}

/**
 * One open case gathers every unhappy event until it is resolved: a customer who writes three angry
 * messages about one late parcel has one problem, not three.
 */
function openOrJoinCase(
  state: CustomerState,
  event: CustomerEvent,
  reason: ServiceCase['reason'],
  topics: string[],
): CustomerState {
  const [current, ...others] = state.openCases;
  if (current) {
    const caseTopics = [...new Set([...(current.topics ?? []), ...topics])].slice(0, CASE_TOPICS_KEPT);
    const joined: ServiceCase = {
      ...current,
      eventCount: current.eventCount + 1,
      lastEventAt: later(current.lastEventAt, event.occurredAt) ?? event.occurredAt,
      ...(caseTopics.length > 0 ? { topics: caseTopics } : {}),
    };
    return { ...state, openCases: [joined, ...others] };
  }
  const opened: ServiceCase = {
    caseId: `case-${event.id}`,
    reason,
    openedAt: event.occurredAt,
    openedBy: event.id,
    channel: event.channel,
    eventCount: 1,
    lastEventAt: event.occurredAt,
    ...(reason === 'disruption' && typeof event.properties.kind === 'string'
      ? { disruptionKind: event.properties.kind }
      : {}),
    ...(topics.length > 0 ? { topics: topics.slice(0, CASE_TOPICS_KEPT) } : {}),
  };
  return { ...state, openCases: [opened] };
}

/** The topics an event's words mention, most negative first. */
function topicNamesByScore(sentiment: EventSentiment | undefined): string[] {
  return [...(sentiment?.topics ?? [])].sort((a, b) => a.score - b.score).map((t) => t.name);
}

/** Each topic the event speaks of negatively (its clause reads negative) joins the customer's recent ones. */
function rememberNegativeTopics(
  state: CustomerState,
  event: CustomerEvent,
  sentiment: EventSentiment,
  thresholds: SentimentThresholds,
): CustomerState {
  const negative = (sentiment.topics ?? []).filter((t) => labelFor(t.score, thresholds) === 'negative');
  if (negative.length === 0) return state;
  const added = negative.map((t) => ({
    name: t.name,
    score: t.score,
    at: event.occurredAt,
    eventId: event.id,
  }));
  return {
    ...state,
    negativeTopics: [...(state.negativeTopics ?? []), ...added].slice(-NEGATIVE_TOPICS_KEPT),
  };
}

/** case_resolved names its case; without a caseId it resolves every open case of the customer. */
function resolveCases(state: CustomerState, event: CustomerEvent): CustomerState {
  const caseId = typeof event.properties.caseId === 'string' ? event.properties.caseId : undefined;
  const resolving = state.openCases.filter((c) => caseId === undefined || c.caseId === caseId);
  if (resolving.length === 0) return state;
  const resolved = resolving.map((c) => ({ ...c, resolvedAt: event.occurredAt }));
  return {
    ...state,
    openCases: state.openCases.filter((c) => !resolving.includes(c)),
    closedCases: [...state.closedCases, ...resolved].slice(-CLOSED_CASES_KEPT),
  };
}

function categoryOf(event: CustomerEvent): Category | undefined {
  const { category } = event.properties;
  return (CATEGORIES as readonly unknown[]).includes(category) ? (category as Category) : undefined;
}

function traitsOf(event: CustomerEvent): Record<string, unknown> {
  const traits = event.properties.traits;
  return typeof traits === 'object' && traits !== null && !Array.isArray(traits)
    ? (traits as Record<string, unknown>)
    : {};
}

function later(a: string | undefined, b: string): string;
function later(a: string | undefined, b: string | undefined): string | undefined;
function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
