import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities, ProcessedEvent } from '../../activities';
import { applyEvent } from '../../domain/customer/applyEvent';
import type { CustomerState, EventSentiment } from '../../domain/customer/customerState';
import { initialCustomerState } from '../../domain/customer/customerState';
import type { CustomerView } from '../../domain/customer/customerView';
import { toCustomerView } from '../../domain/customer/customerView';
import { isAtRisk } from '../../domain/customer/isAtRisk';
import { surveyScoreSentiment } from '../../domain/customer/surveyScore';
import type { CustomerEvent } from '../../domain/events/customerEvent';
import { SPOKEN_EVENT_TYPES } from '../../domain/events/eventTypes';
import { labelFor } from '../../domain/customer/sentimentSummary';
import { DEFAULT_SENTIMENT_THRESHOLDS } from '../../domain/sentiment/thresholds';
import {
  ActiveJourneysKey,
  CustomerIdKey,
  LastEventAtKey,
  OpenCasesKey,
  SentimentLabelKey,
  SentimentScoreKey,
  WorkspaceKey,
} from './searchAttributes';

/** Events for this customer, in the order the API received them. Duplicates are ignored by id. */
export const ingestEventsSignal = defineSignal<[CustomerEvent[]]>('ingestEvents');
/** The customer as the workflow sees it right now. */
export const customerStateQuery = defineQuery<CustomerView>('state');

export interface CustomerWorkflowInput {
  workspace: string;
  customerId: string;
  /** Carried across continue-as-new: the state and the events that arrived but were not yet applied. */
  carried?: { state: CustomerState; pending: CustomerEvent[] };
  /**
   * Continue-as-new once history reaches this many events, even if Temporal has not suggested it yet.
   * Small values let tests exercise continue-as-new; production leaves it to Temporal's suggestion.
   */
  continueAsNewAfterHistoryLength?: number;
}

/** Events applied per round: bounds one activity's payload while keeping up with bursts. */
const MAX_EVENTS_PER_ROUND = 100;

const { scoreSentiment } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
});

const { projectCustomer } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // MongoDB may be down for a while; the workflow keeps its state and waits rather than failing.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * One long-running workflow per customer (entity pattern): the single place that hears every event about
 * the customer, reads how they feel, and keeps their cases, consent and traits.
 */
export async function customerWorkflow(input: CustomerWorkflowInput): Promise<void> {
  let state = input.carried?.state ?? initialCustomerState(input.workspace, input.customerId);
  const pending: CustomerEvent[] = [...(input.carried?.pending ?? [])];
  // A Set is fine in memory; only the plain arrays in `state` and `pending` cross continue-as-new.
  const seen = new Set<string>([...state.recentEventIds, ...pending.map((e) => e.id)]);

  // Handlers first, before any await, so no signal delivered with the start is missed.
  setHandler(ingestEventsSignal, (events) => {
    for (const event of events) {
      if (seen.has(event.id)) continue;
      seen.add(event.id);
      pending.push(event);
    }
  });
  setHandler(customerStateQuery, () => toCustomerView(state));

  if (input.carried === undefined) {
    upsertSearchAttributes([
      { key: CustomerIdKey, value: input.customerId },
      { key: WorkspaceKey, value: input.workspace },
    ]);
  }

  const historyLimitReached = () =>
    workflowInfo().continueAsNewSuggested ||
    (input.continueAsNewAfterHistoryLength !== undefined &&
      workflowInfo().historyLength >= input.continueAsNewAfterHistoryLength);

  for (;;) {
    await condition(() => pending.length > 0 || historyLimitReached());
    if (pending.length > 0) {
      state = await applyRound(state, pending.splice(0, MAX_EVENTS_PER_ROUND));
      continue;
    }
    // Nothing pending and history is long: hand over to a fresh run once no handler is mid-flight.
    await condition(allHandlersFinished);
    if (pending.length === 0) break;
  }

  // Ids still pending were taken in by the handler; they travel with `pending`, seen ids with the state.
  await continueAsNew<typeof customerWorkflow>({
    workspace: input.workspace,
    customerId: input.customerId,
    carried: { state, pending },
    continueAsNewAfterHistoryLength: input.continueAsNewAfterHistoryLength,
  });
}

/** Scores, applies and projects one round of events. */
async function applyRound(state: CustomerState, events: CustomerEvent[]): Promise<CustomerState> {
  const sentiments = await sentimentsOf(events);
  let next = state;
  const processed: ProcessedEvent[] = [];
  events.forEach((event, i) => {
    const sentiment = sentiments[i];
    next = applyEvent(next, event, sentiment, DEFAULT_SENTIMENT_THRESHOLDS);
    processed.push({
      eventId: event.id,
      type: event.type,
      channel: event.channel,
      occurredAt: event.occurredAt,
      receivedAt: event.receivedAt,
      ...(sentiment ? { score: sentiment.score, label: sentiment.label } : {}),
    });
  });

  upsertSearchAttributes([
    { key: SentimentLabelKey, value: next.sentiment.label },
    { key: SentimentScoreKey, value: next.sentiment.score },
    { key: OpenCasesKey, value: next.openCases.length },
    { key: ActiveJourneysKey, value: [] },
    ...(next.lastEventAt ? [{ key: LastEventAtKey, value: new Date(next.lastEventAt) }] : []),
  ]);

  await projectCustomer({
    workspace: next.workspace,
    customerId: next.customerId,
    view: toCustomerView(next),
    atRisk: isAtRisk(next),
    events: processed,
    processedAt: new Date().toISOString(),
  });
  return next;
}

/** The sentiment of each event: its text if it has words, else a survey rating, else none. */
async function sentimentsOf(events: CustomerEvent[]): Promise<(EventSentiment | undefined)[]> {
  const spoken = events
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => SPOKEN_EVENT_TYPES.includes(event.type) && (event.text ?? '').trim().length > 0);
  const scores = spoken.length > 0 ? await scoreSentiment(spoken.map(({ event }) => event.text ?? '')) : [];
  const result: (EventSentiment | undefined)[] = events.map((event) => {
    if (event.type !== 'survey') return undefined;
    const score = surveyScoreSentiment(event.properties.kind, event.properties.score);
    return score === undefined ? undefined : { score, label: labelFor(score, DEFAULT_SENTIMENT_THRESHOLDS) };
  });
  spoken.forEach(({ index }, i) => {
    result[index] = scores[i];
  });
  return result;
}
