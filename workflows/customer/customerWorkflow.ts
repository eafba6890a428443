import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { teamAlertActivityOptions } from '../teamAlertOptions';
import type { CustomerProjection } from '../../activities/projectCustomer';
import type { DecisionBatch } from '../../activities/recordDecisions';
import type {
  ContactRequest,
  DecisionRecord,
  PendingDelivery,
  RenderFailureInputs,
} from '../../domain/contact';
import type { LearnedEngagement } from '../../domain/contact/decidePersonalized';
import { customerTimeZone } from '../../domain/contact/quietHours';
import { deliveryTaskPriority, TASK_PRIORITY } from '../../domain/contact/taskPriority';
import type { EngagementProfile } from '../../domain/personalization/engagementProfile';
import {
  emptyEngagementProfile,
  recordDelivered,
  recordEngagement,
} from '../../domain/personalization/engagementProfile';
import type { WorkspaceProfile } from '../../domain/personalization/workspaceProfile';
import { uniformWorkspaceProfile } from '../../domain/personalization/workspaceProfile';
import { retractUnrenderable } from '../../domain/contact/retractUnrenderable';
import { carryLedger, restoreLedger, withoutAnswerTimes } from '../../domain/contact/carriedLedger';
import { TEMPLATE_RENDER_ERROR } from '../../domain/failureTypes';
import {
  contactRequestProblems,
  decideDueMessages,
  suppressExcludedNow,
  nextDueAt,
  OPTIMAL_SEND_TIME,
  requestContact,
  sentMessageOf,
} from '../../domain/contact';
import type { JourneyStart } from '../../domain/journeys/decideJourneyStarts';
import { decideJourneyStarts } from '../../domain/journeys/decideJourneyStarts';
import type { JourneyEvent } from '../../domain/journeys/journeyEvent';
import { toJourneyEvent } from '../../domain/journeys/journeyEvent';
import type { JourneyEnded } from '../../domain/journeys/journeysState';
import { activeJourneyNames, emptyJourneysState } from '../../domain/journeys/journeysState';
import { journeyEventsSignal } from '../journeys/messages';
import { journeyRegistry } from '../../domain/journeys/registry';
import { startJourneyChild } from './startJourneyChild';
import { globalGroup } from '../../domain/holdout/assignment';
import type { CounterBatch, CounterIncrement } from '../../domain/reports/reportCounters';
import {
  countWorkspaceDelivery,
  countWorkspaceEngagement,
} from '../../domain/personalization/workspaceEngagementCounters';
import type { Counted } from '../../domain/reports/reportState';
import { emptyReportState, pruneReportState } from '../../domain/reports/reportState';
import { countDecisions } from '../../domain/reports/countDecisions';
import { countEvent } from '../../domain/reports/countEvent';
import { countTopics } from '../../domain/topics/topicCounters';
import { countSurvey } from '../../domain/surveys/countSurvey';
import type { TaxonomyOf } from '../../activities/scoreSentiment';
import { countJourneyEnded, countJourneyStarted, runStartedOf } from '../../domain/reports/countJourneyRuns';
import { coalescingWriter } from './coalescingWriter';
import type { ContactRequestContext, CustomerWorkflowInput } from './messages';
import { customerStateQuery, ingestEventsSignal, journeyEndedSignal, requestContactUpdate } from './messages';
import type { PolicyInForce } from '../../domain/policy';
import { applyEvent } from '../../domain/customer/applyEvent';
import { applyJourneyEnded } from '../../domain/customer/applyJourneyEnded';
import type { CustomerState, EventSentiment } from '../../domain/customer/customerState';
import { initialCustomerState } from '../../domain/customer/customerState';
import { toCustomerView } from '../../domain/customer/customerView';
import type { SentMessageLookup } from '../../domain/customer/engagement';
import { engagementFacts, engagementRecordOf } from '../../domain/customer/engagement';
import type { EngagementRecord } from '../../domain/events/engagement';
import { isAtRisk } from '../../domain/customer/isAtRisk';
import { surveyScoreSentiment } from '../../domain/customer/surveyScore';
import type { CustomerEvent } from '../../domain/events/customerEvent';
import type { ProcessedEvent } from '../../domain/events/processedEvent';
import { SPOKEN_EVENT_TYPES } from '../../domain/events/eventTypes';
import { labelFor } from '../../domain/customer/sentimentSummary';
import {
  ActiveJourneysKey,
  CustomerIdKey,
  LastEventAtKey,
  OpenCasesKey,
  SentimentLabelKey,
  SentimentScoreKey,
  WorkspaceKey,
} from './searchAttributes';

/** Patch: a contact request waits for the events that arrived before it (workflows started before it did not). */
export const DECIDE_AFTER_EARLIER_EVENTS = 'decide-after-earlier-events';
/**
 * Patch: the read model (projection and decision mirror) is written beside the loop, coalesced, one write at a
 * time; before it, each round of events and each batch of decisions waited for MongoDB.
 */
export const READ_MODEL_BESIDE_LOOP = 'read-model-beside-loop';
/**
 * Patch: once a round of events has changed the customer's state, scheduled messages it now excludes are
 * suppressed at once (suppressExcludedNow) instead of showing as coming until their timers fire.
 */
export const SUPPRESS_EXCLUDED_AT_ONCE = 'suppress-excluded-at-once';
/**
 * Patch: decisions, events, journey runs and engagement are counted into the report counters
 * (domain/reports), written beside the loop like the read model.
 */
export const COUNT_REPORTS = 'count-reports';
/**
 * Patch: spoken events are tagged with the policy's topics (the scoreSentiment activity reads the taxonomy),
 * and every scored event and topic mention is counted into the topic counters (domain/topics/topicCounters.ts),
 * and every survey answer into the survey counters (domain/surveys/countSurvey.ts).
 */
export const TAG_TOPICS = 'tag-topics';
/**
 * Patch: a sent message whose template cannot be rendered at send time is suppressed (`template_error`) and the
 * team told (domain/contact/retractUnrenderable.ts).
 */
export const RETRACT_UNRENDERABLE = 'retract-unrenderable';
/**
 * Patch: the customer's engagement profile is kept (each message sent, each human open or click) and carried
 * across continue-as-new, and contact requests may say `"channel": "auto"` and `"sendAt": "optimal"`
 * (domain/contact/decidePersonalized.ts).
 */
export const PERSONALIZE_CONTACTS = 'personalize-contacts';
/**
 * Patch: the workspace's hour-of-week engagement (docs/PERSONALIZATION.md, "The workspace prior"): sends and
 * human opens and clicks counted into the report counters, and read back for an "optimal" request.
 */
export const WORKSPACE_PRIOR = 'workspace-prior';
/**
 * Patch: the ledger is carried across continue-as-new in its compact form (domain/contact/carriedLedger.ts):
 * each send once, and answers for ANSWERS_RETAINED_MS. Runs from before carried it as it is in memory.
 */
export const COMPACT_CARRIED_LEDGER = 'compact-carried-ledger';
/** How long a customer's workflow keeps the policy it read before asking its worker again. */
const POLICY_REFRESH_MS = 30_000;

/** The longest a contact request waits for the events that arrived before it to be applied. */
const EARLIER_EVENTS_WAIT = '10 seconds';

/** Events applied per round: bounds one activity's payload while keeping up with bursts. */
const MAX_EVENTS_PER_ROUND = 100;

const { scoreSentiment, currentPolicy } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
});

/**
 * A policy refresh when the workflow already holds a policy: a few quick attempts, then the known version stays
 * in force (as the worker's cache does), so a MongoDB outage never stops events or decisions.
 */
const { currentPolicy: refreshPolicy } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '5 seconds',
  retry: { maximumAttempts: 2, initialInterval: '500 milliseconds' },
});

/**
 * The workspace prior for "optimal": cached by the worker for minutes, so almost always answered from memory.
 * A few quick attempts, then every hour alike: a store outage must never hold a message.
 */
const { readWorkspaceEngagement } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 2, initialInterval: '500 milliseconds' },
});

const { projectCustomer, recordDecisions, countReports } = proxyActivities<Activities>({
  // Storage operations fail within their own driver timeouts; an attempt that outlives this is a lost worker.
  startToCloseTimeout: '15 seconds',
  // MongoDB may be down for a while; the mirror waits and retries (a write that can never succeed is marked
  // non-retryable by the activity). At most 10 s between attempts, so the mirror catches up within seconds
  // of MongoDB coming back.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

const { sendTeamAlert } = proxyActivities<Activities>(teamAlertActivityOptions);

const deliveryOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  // Bounded: a receiver that keeps failing for about an hour is reported, not retried forever. The messageId
  // is the delivery's idempotency key, so a retry never sends twice.
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    maximumAttempts: 12,
  },
};

/**
 * Deliveries by task priority: on a backed-up queue a transactional message goes out before a newsletter
 * queued ahead of it (domain/contact/taskPriority.ts). One proxy per priority key.
 */
const deliverMessageByPriority = Object.fromEntries(
  Object.values(TASK_PRIORITY).map((priorityKey) => [
    priorityKey,
    proxyActivities<Activities>({ ...deliveryOptions, priority: { priorityKey } }).deliverMessage,
  ]),
);

/**
 * One long-running workflow per customer (entity pattern): the single place that hears every event about
 * the customer, reads how they feel, and keeps their cases, consent and traits.
 */
export async function customerWorkflow(input: CustomerWorkflowInput): Promise<void> {
  let state = input.carried?.state ?? initialCustomerState(input.workspace, input.customerId);
  state = { ...state, journeys: state.journeys ?? emptyJourneysState };
  let ledger = restoreLedger(input.carried?.ledger);
  let reports = input.carried?.reports ?? emptyReportState;
  // What "auto" and "optimal" learn from (PERSONALIZE_CONTACTS); a run from before them starts with nothing.
  let engagement = input.carried?.engagement ?? emptyEngagementProfile();
  const personalizing = () => patched(PERSONALIZE_CONTACTS);
  /** Each message handed to delivery is one received on its channel: the denominator of a channel's score. */
  const countDeliveries = (deliveries: readonly PendingDelivery[], at: number) => {
    if (deliveries.length === 0 || !personalizing()) return;
    for (const delivery of deliveries) engagement = recordDelivered(engagement, delivery.request.channel, at);
    if (countingReports && patched(WORKSPACE_PRIOR)) {
      count({
        report: reports,
        increments: deliveries.flatMap((delivery) => countWorkspaceDelivery(delivery.request.channel, at)),
      });
    }
  };
  const pending: CustomerEvent[] = [...(input.carried?.pending ?? [])];
  // A Set is fine in memory; only the plain arrays in `state` and `pending` cross continue-as-new.
  const seen = new Set<string>([...state.recentEventIds, ...pending.map((e) => e.id)]);
  // Decisions to mirror and messages to deliver: drained by the main loop, so an answer never waits on I/O.
  const recordQueue: DecisionRecord[] = [];
  const deliveryQueue: PendingDelivery[] = [];
  let deliveriesInFlight = 0;
  /** Messages whose template could not be rendered when delivery began: retracted in the loop. */
  const renderFailures: { messageId: string; failure: RenderFailureInputs }[] = [];
  // Journeys that reported their end, applied by the main loop; and signals to journeys not yet delivered.
  const endedJourneys: JourneyEnded[] = [];
  let journeySignalsInFlight = 0;
  // The policy, re-read at most every POLICY_REFRESH_MS of workflow time: a decision then costs no extra
  // activation, and a new version is still in force within a minute (this plus the worker's 30 s cache).
  let policy: { document: PolicyInForce; readAt: number } | undefined;
  const readModelBesideLoop = patched(READ_MODEL_BESIDE_LOOP);
  const currentPolicyDocument = async (atLeastVersion?: number): Promise<PolicyInForce> => {
    if (readModelBesideLoop && policy !== undefined) return refreshedPolicy(policy, atLeastVersion);
    if (policy === undefined || Date.now() - policy.readAt >= POLICY_REFRESH_MS) {
      policy = { document: await currentPolicy(input.workspace), readAt: Date.now() };
    }
    if (atLeastVersion !== undefined && policy.document.version < atLeastVersion) {
      policy = { document: await currentPolicy(input.workspace, atLeastVersion), readAt: Date.now() };
    }
    return policy.document;
  };
  /** With a policy in hand, a failed refresh keeps it: the next refresh is tried after the usual interval. */
  const refreshedPolicy = async (
    known: { document: PolicyInForce; readAt: number },
    atLeastVersion?: number,
  ): Promise<PolicyInForce> => {
    const stale = Date.now() - known.readAt >= POLICY_REFRESH_MS;
    const behind = atLeastVersion !== undefined && known.document.version < atLeastVersion;
    if (!stale && !behind) return known.document;
    try {
      policy = { document: await refreshPolicy(input.workspace, atLeastVersion ?? 0), readAt: Date.now() };
    } catch (error) {
      log.warn('policy refresh failed; the known version stays in force', {
        version: known.document.version,
        error: String(error),
      });
      policy = { document: known.document, readAt: Date.now() };
    }
    return policy.document;
  };
  // Update handlers do not read the policy themselves (READ_MODEL_BESIDE_LOOP): local activities awaited by
  // several handlers at once resolve in other groupings on replay than they did live, which reorders commands
  // (a nondeterminism the storm benchmark found). A handler that needs a fresh or newer policy asks the main
  // loop, the only caller of local activities, and waits for its next read.
  let policyWanted: number | undefined;
  let policyReads = 0;
  const policyFromLoop = async (atLeastVersion?: number): Promise<PolicyInForce> => {
    const fits = () =>
      policy !== undefined &&
      Date.now() - policy.readAt < POLICY_REFRESH_MS &&
      (atLeastVersion === undefined || policy.document.version >= atLeastVersion);
    if (!fits()) {
      const readsBefore = policyReads;
      policyWanted = Math.max(policyWanted ?? 0, atLeastVersion ?? 0);
      await condition(() => policyReads > readsBefore && policy !== undefined);
    }
    return policy!.document;
  };
  // The read model, written beside the loop (READ_MODEL_BESIDE_LOOP): the newest view of the customer with
  // every event processed since the last write, and decisions in the order they were made.
  const projection = coalescingWriter<CustomerProjection>({
    name: 'projectCustomer',
    write: (work) => projectCustomer(work),
    merge: (earlier, later) => ({ ...later, events: [...earlier.events, ...later.events] }),
  });
  const decisionMirror = coalescingWriter<DecisionBatch>({
    name: 'recordDecisions',
    write: (work) => recordDecisions(work),
    merge: (earlier, later) => ({
      ...later,
      records: [...earlier.records, ...later.records],
      ...(earlier.engagements || later.engagements
        ? { engagements: [...(earlier.engagements ?? []), ...(later.engagements ?? [])] }
        : {}),
    }),
  });
  // The report counters (COUNT_REPORTS): this customer's increments, one batch at a time in `seq` order, which
  // is what lets storage count a retried batch once.
  const countingReports = readModelBesideLoop && patched(COUNT_REPORTS);
  const taggingTopics = countingReports && patched(TAG_TOPICS);
  const reportCounter = coalescingWriter<CounterBatch>({
    name: 'countReports',
    write: (batch) => countReports(batch),
    merge: (earlier, later) => ({ ...later, increments: [...earlier.increments, ...later.increments] }),
  });
  const count = (counted: Counted): void => {
    reports = counted.report;
    if (counted.increments.length === 0) return;
    reports = { ...pruneReportState(reports, Date.now()), seq: reports.seq + 1 };
    reportCounter.push({
      workspace: input.workspace,
      customerId: input.customerId,
      seq: reports.seq,
      increments: counted.increments,
    });
  };
  const countingContext = (policyDocument: PolicyInForce) => ({
    globalArm: globalGroup(policyDocument.holdout, input.workspace, input.customerId),
    goals: policyDocument.goals,
  });
  /** A journey run that has started: the active journey of that name, which may have a new run number. */
  const countStarted = (start: JourneyStart, policyDocument: PolicyInForce, triggerAt?: string) => {
    if (!countingReports) return;
    const journey = state.journeys.active.find((j) => j.name === start.journey.name);
    if (!journey) return;
    count(
      countJourneyStarted(
        reports,
        runStartedOf(journey, journeyRegistry, policyDocument, start.trigger, triggerAt),
        policyDocument.goals,
      ),
    );
  };

  // Events taken in and applied in this run. A contact request is decided only once every event that arrived
  // before it has been applied: "a complaint, then a promotion" must see the complaint.
  let eventsReceived = pending.length;
  let eventsApplied = 0;

  // Handlers first, before any await, so no signal delivered with the start is missed.
  setHandler(ingestEventsSignal, (events) => {
    for (const event of events) {
      if (seen.has(event.id)) continue;
      seen.add(event.id);
      pending.push(event);
      eventsReceived++;
    }
  });
  setHandler(customerStateQuery, () => ({
    ...toCustomerView(state, policy?.document.holdout),
    ...(readModelBesideLoop
      ? {
          readModel: {
            projectionFailures: projection.failures(),
            decisionMirrorFailures: decisionMirror.failures(),
          },
        }
      : {}),
  }));
  setHandler(journeyEndedSignal, (ended) => {
    endedJourneys.push(ended);
  });
  setHandler(
    requestContactUpdate,
    async (request, context) => {
      if (patched(DECIDE_AFTER_EARLIER_EVENTS)) {
        const upTo = eventsReceived;
        // Bounded: between rounds of events the loop writes the read model, and with MongoDB down that waits.
        // An answer must not: past the bound it is decided on what has been applied. (No timer when there is
        // nothing to wait for, which is almost always.)
        if (eventsApplied < upTo) await condition(() => eventsApplied >= upTo, EARLIER_EVENTS_WAIT);
      }
      // The policy next: reading the state and the ledger only after the last await means two requests that
      // wait together cannot decide from the same old ledger and overwrite each other.
      const policyDocument = readModelBesideLoop
        ? await policyFromLoop(context?.policyVersion)
        : await currentPolicyDocument(context?.policyVersion);
      const prior =
        request.sendAt === OPTIMAL_SEND_TIME && personalizing() && patched(WORKSPACE_PRIOR)
          ? await workspacePrior(input.workspace)
          : uniformWorkspaceProfile();
      const learned: LearnedEngagement | undefined = personalizing()
        ? { profile: engagement, workspace: prior }
        : undefined;
      const now = Date.now();
      const step = requestContact(state, ledger, request, policyDocument, now, uuid4, learned);
      ledger = step.ledger;
      countDeliveries(step.deliveries, now);
      mirrorDecisions(step.records, policyDocument);
      deliveryQueue.push(...step.deliveries);
      return step.answer;
    },
    {
      // Synchronous, so a malformed request is rejected before it enters history.
      validator: (request: ContactRequest, _context?: ContactRequestContext) => {
        const problems = contactRequestProblems(request);
        if (problems.length > 0) throw new Error(`Invalid contact request: ${problems.join('; ')}`);
      },
    },
  );

  /**
   * Decisions to mirror: beside the loop (patched), or queued for the loop to write (before the patch); and to
   * count into the reports, under the policy they were decided with.
   */
  const mirrorDecisions = (records: DecisionRecord[], policyDocument: PolicyInForce) => {
    if (countingReports && records.length > 0) {
      count(countDecisions(reports, records, countingContext(policyDocument)));
    }
    if (!readModelBesideLoop) {
      recordQueue.push(...records);
    } else if (records.length > 0) {
      decisionMirror.push({ workspace: input.workspace, customerId: input.customerId, records });
    }
  };

  /**
   * Engagement onto the messages' ledger rows, through the decision mirror: after the decisions of the same
   * messages, in order. Only engagement events come here, and none is in a history from before them.
   */
  const mirrorEngagements = async (engagements: EngagementRecord[]): Promise<void> => {
    if (engagements.length === 0) return;
    const batch: DecisionBatch = {
      workspace: input.workspace,
      customerId: input.customerId,
      records: [],
      engagements,
    };
    if (readModelBesideLoop) decisionMirror.push(batch);
    else await recordDecisions(batch);
  };

  /** Shows the customer to ops (search attributes) and to the API (read model). */
  const publishCustomer = async (current: CustomerState, processed: ProcessedEvent[]): Promise<void> => {
    upsertCustomerSearchAttributes(current);
    const work: CustomerProjection = {
      workspace: current.workspace,
      customerId: current.customerId,
      view: toCustomerView(current, policy?.document.holdout),
      atRisk: isAtRisk(current),
      events: processed,
      processedAt: new Date().toISOString(),
    };
    if (readModelBesideLoop) projection.push(work);
    else await projectCustomer(work);
  };

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

  /** Delivery runs beside the loop: a slow or failing receiver must not hold up events or decisions. */
  const startDelivery = (delivery: PendingDelivery) => {
    deliveriesInFlight++;
    const { request } = delivery;
    void deliverMessageByPriority[deliveryTaskPriority(request.category)]({
      workspace: input.workspace,
      customerId: input.customerId,
      messageId: delivery.messageId,
      requestId: request.id,
      channel: request.channel,
      category: request.category,
      ...(request.campaign !== undefined ? { campaign: request.campaign } : {}),
      priority: request.priority,
      content: request.content ?? {},
      recipient: recipientOf(state),
      decidedAt: delivery.decidedAt,
      // For a stored template: the customer as the workflow knows them now (docs/TEMPLATES.md).
      customer: {
        id: input.customerId,
        traits: state.traits,
        sentiment: {
          score: state.sentiment.score,
          label: state.sentiment.label,
          trend: state.sentiment.trend,
        },
      },
    })
      .catch((error: unknown) => {
        const failure = renderFailureOf(error);
        if (failure) renderFailures.push({ messageId: delivery.messageId, failure });
        else log.error('delivery failed for good', { messageId: delivery.messageId, error: String(error) });
      })
      .finally(() => deliveriesInFlight--);
  };

  /**
   * A message that could not be rendered never went out: suppressed in the ledger (not counted again in the
   * reports, which counted its decision), and the team told which template and why, once per message.
   */
  const retractUnrenderableMessage = (messageId: string, failure: RenderFailureInputs) => {
    const step = retractUnrenderable(ledger, messageId, failure, Date.now());
    ledger = step.ledger;
    if (!step.record) return;
    if (readModelBesideLoop) {
      decisionMirror.push({
        workspace: input.workspace,
        customerId: input.customerId,
        records: [step.record],
      });
    } else {
      recordQueue.push(step.record);
    }
    deliveriesInFlight++;
    void sendTeamAlert({
      alertId: `${messageId}:template_error`,
      workspace: input.workspace,
      customerId: input.customerId,
      title: `Message ${messageId} not sent: template ${failure.template} cannot be rendered`,
      text: `Customer ${input.customerId}'s message ${messageId} (${step.record.category} on ${step.record.channel}) was suppressed: ${failure.why}${failure.variable !== undefined ? ` (${failure.variable})` : ''}${failure.part !== undefined ? ` in its ${failure.part}` : ''}${failure.line !== undefined ? ` at line ${failure.line}` : ''}. Fix the template or the data, then send it again.`,
      severity: 'warning',
    })
      .catch((error: unknown) => log.error('template alert failed', { messageId, error: String(error) }))
      .finally(() => deliveriesInFlight--);
  };

  const startJourney = (current: CustomerState, start: JourneyStart) =>
    startJourneyChild({ workspace: input.workspace, customerId: input.customerId }, current, start);

  /** Journeys hear what the customer does next (with its sentiment); one signal per journey per round. */
  const forwardToJourneys = (forwards: Record<string, JourneyEvent[]>) => {
    for (const [journeyId, events] of Object.entries(forwards)) {
      if (events.length === 0 || !state.journeys.active.some((j) => j.journeyId === journeyId)) continue;
      journeySignalsInFlight++;
      void getExternalWorkflowHandle(journeyId)
        .signal(journeyEventsSignal, events)
        .catch((error: unknown) => {
          // The journey is gone. If it ended normally its own notice came first and this one changes
          // nothing; if it was terminated (no clean-up ran), this is the only notice there will be.
          log.info('journey did not take events', { journeyId, error: String(error) });
          const journey = state.journeys.active.find((j) => j.journeyId === journeyId);
          if (journey) {
            endedJourneys.push({
              journeyId,
              name: journey.name,
              status: 'cancelled',
              reason: 'journey_gone',
              at: new Date().toISOString(),
            });
          }
        })
        .finally(() => journeySignalsInFlight--);
    }
  };

  for (;;) {
    const dueAt = nextDueAt(ledger);
    const ready = () =>
      pending.length > 0 ||
      endedJourneys.length > 0 ||
      recordQueue.length > 0 ||
      deliveryQueue.length > 0 ||
      renderFailures.length > 0 ||
      (readModelBesideLoop &&
        (policyWanted !== undefined ||
          projection.ready() ||
          decisionMirror.ready() ||
          reportCounter.ready())) ||
      historyLimitReached();
    if (dueAt === undefined) await condition(ready);
    else await condition(ready, Math.max(1, dueAt - Date.now()));

    for (const delivery of deliveryQueue.splice(0)) startDelivery(delivery);
    if (readModelBesideLoop) {
      projection.flush();
      decisionMirror.flush();
      reportCounter.flush();
      if (policyWanted !== undefined) {
        const atLeast = policyWanted;
        policyWanted = undefined;
        await currentPolicyDocument(atLeast);
        policyReads++;
        continue;
      }
    }
    if (renderFailures.length > 0) {
      const failures = renderFailures.splice(0);
      if (patched(RETRACT_UNRENDERABLE)) {
        for (const { messageId, failure } of failures) retractUnrenderableMessage(messageId, failure);
      }
      continue;
    }
    if (pending.length > 0) {
      const events = pending.splice(0, MAX_EVENTS_PER_ROUND);
      const roundPolicy = await currentPolicyDocument();
      // The ledger as it stands when each event is applied (a request may be decided while sentiment is read).
      const sentMessage = (messageId: string) => sentMessageOf(ledger, messageId);
      const round = await applyRound(
        state,
        sentMessage,
        events,
        roundPolicy,
        taggingTopics,
        personalizing() ? engagement : undefined,
      );
      if (round.engagement) engagement = round.engagement;
      if (round.workspaceEngagement.length > 0 && countingReports && patched(WORKSPACE_PRIOR)) {
        count({ report: reports, increments: round.workspaceEngagement });
      }
      // Decisions and journeys act on the new state at once; the read model follows (beside the loop since
      // READ_MODEL_BESIDE_LOOP; before it, this round waited for the projection).
      state = round.state;
      eventsApplied += events.length;
      if (ledger.scheduled.length > 0 && patched(SUPPRESS_EXCLUDED_AT_ONCE)) {
        const step = suppressExcludedNow(state, ledger, roundPolicy, Date.now());
        ledger = step.ledger;
        mirrorDecisions(step.records, roundPolicy);
      }
      for (const start of round.starts) {
        state = await startJourney(state, start);
        const trigger = events.find((e) => e.id === start.journey.triggeredBy);
        countStarted(start, roundPolicy, trigger?.occurredAt);
      }
      if (countingReports) {
        events.forEach((event, i) => {
          const counted = countEvent(
            reports,
            event,
            round.processed[i]?.engagement,
            countingContext(roundPolicy),
          );
          count(counted);
          if (counted.conversions.length > 0 && round.processed[i]) {
            round.processed[i] = { ...round.processed[i], conversions: counted.conversions };
          }
          if (taggingTopics && round.processed[i]) {
            count({
              report: reports,
              increments: [
                ...countTopics(round.processed[i], roundPolicy.sentiment),
                ...countSurvey(reports, event),
              ],
            });
          }
        });
      }
      forwardToJourneys(round.forwards);
      await mirrorEngagements(round.engagements);
      await publishCustomer(state, round.processed);
      continue;
    }
    if (endedJourneys.length > 0) {
      const policyDocument = await currentPolicyDocument();
      const restarts: JourneyStart[] = [];
      for (const ended of endedJourneys.splice(0)) {
        const step = applyJourneyEnded(state, ledger, ended, journeyRegistry, policyDocument, Date.now());
        state = step.state;
        ledger = step.ledger;
        mirrorDecisions(step.records, policyDocument);
        if (countingReports) count(countJourneyEnded(reports, ended));
        restarts.push(...step.starts);
      }
      for (const start of restarts) {
        state = await startJourney(state, start);
        countStarted(start, policyDocument);
      }
      await publishCustomer(state, []);
      continue;
    }
    if (dueAt !== undefined && Date.now() >= dueAt) {
      const policyDocument = await currentPolicyDocument();
      const now = Date.now();
      const step = decideDueMessages(state, ledger, policyDocument, now);
      ledger = step.ledger;
      countDeliveries(step.deliveries, now);
      mirrorDecisions(step.records, policyDocument);
      deliveryQueue.push(...step.deliveries);
      continue;
    }
    if (recordQueue.length > 0) {
      await recordDecisions({
        workspace: input.workspace,
        customerId: input.customerId,
        records: recordQueue.splice(0),
      });
      continue;
    }
    if (deliveryQueue.length > 0) continue;
    // Woken only to start a read-model write or read the policy (done above): back to waiting.
    if (readModelBesideLoop && !historyLimitReached()) continue;
    // Nothing pending and history is long: hand over to a fresh run once nothing is mid-flight. An event that
    // arrives meanwhile is applied first (a contact request may be waiting for it).
    // With the read model beside the loop, its last writes finish first: the next run starts from nothing queued.
    const handedOver = () =>
      allHandlersFinished() &&
      deliveriesInFlight === 0 &&
      journeySignalsInFlight === 0 &&
      (!readModelBesideLoop || (projection.idle() && decisionMirror.idle() && reportCounter.idle()));
    if (readModelBesideLoop) {
      // The read model's last writes may wait on MongoDB: meanwhile the customer's work goes on (events,
      // journeys' ends, messages falling due), and the hand-over is tried again after it.
      const moreWork = () =>
        pending.length > 0 ||
        endedJourneys.length > 0 ||
        deliveryQueue.length > 0 ||
        policyWanted !== undefined ||
        projection.ready() ||
        decisionMirror.ready() ||
        reportCounter.ready();
      const handOverOrWork = () => handedOver() || moreWork();
      if (dueAt === undefined) await condition(handOverOrWork);
      else await condition(handOverOrWork, Math.max(1, dueAt - Date.now()));
    } else if (patched(DECIDE_AFTER_EARLIER_EVENTS)) {
      await condition(() => handedOver() || pending.length > 0);
    } else {
      await condition(handedOver);
    }
    if (
      handedOver() &&
      pending.length === 0 &&
      endedJourneys.length === 0 &&
      recordQueue.length === 0 &&
      deliveryQueue.length === 0
    ) {
      break;
    }
  }

  // Ids still pending were taken in by the handler; they travel with `pending`, seen ids with the state.
  await continueAsNew<typeof customerWorkflow>({
    workspace: input.workspace,
    customerId: input.customerId,
    carried: {
      state,
      pending,
      ledger: patched(COMPACT_CARRIED_LEDGER) ? carryLedger(ledger, Date.now()) : withoutAnswerTimes(ledger),
      ...(countingReports ? { reports } : {}),
      ...(personalizing() ? { engagement } : {}),
    },
    continueAsNewAfterHistoryLength: input.continueAsNewAfterHistoryLength,
  });
}

/**
 * The workspace's engagement, the prior "optimal" shrinks a customer with little history toward (the
 * workspace's counters, read through the worker's cache); every hour alike when they cannot be read.
 */
async function workspacePrior(workspace: string): Promise<WorkspaceProfile> {
  try {
    return await readWorkspaceEngagement({ workspace });
  } catch (error) {
    log.warn('workspace prior unavailable: every hour alike', { error: String(error) });
    return uniformWorkspaceProfile();
  }
}

/** The reason a delivery failed with TEMPLATE_RENDER_ERROR (activities/delivery/renderContent.ts), if it did. */
function renderFailureOf(error: unknown): RenderFailureInputs | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  if (!(cause instanceof ApplicationFailure) || cause.type !== TEMPLATE_RENDER_ERROR) return undefined;
  const detail = (cause.details?.[0] ?? {}) as Partial<Record<string, unknown>>;
  const text = (key: string) => (typeof detail[key] === 'string' ? detail[key] : undefined);
  return {
    template: text('template') ?? 'unknown',
    why: text('reason') ?? 'template_render_failed',
    ...(text('variable') !== undefined ? { variable: text('variable') } : {}),
    ...(text('part') !== undefined ? { part: text('part') } : {}),
    ...(typeof detail.line === 'number' ? { line: detail.line } : {}),
  };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function recipientOf(state: CustomerState): { email?: string; name?: string; locale?: string } {
  const { email, name, locale } = state.traits;
  return {
    ...(typeof email === 'string' ? { email } : {}),
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof locale === 'string' ? { locale } : {}),
  };
}

interface AppliedRound {
  state: CustomerState;
  /** Journeys the round's events started, to start as child workflows. */
  starts: JourneyStart[];
  /** Events for each journey the customer was already in when they happened, by journey id. */
  forwards: Record<string, JourneyEvent[]>;
  /** The round's events as the read model records them. */
  processed: ProcessedEvent[];
  /** The round's engagement events, for the messages' ledger rows. */
  engagements: EngagementRecord[];
  /** The customer's engagement profile with the round's human opens and clicks, when it is kept. */
  engagement?: EngagementProfile;
  /** Those opens and clicks as the workspace's counters (WORKSPACE_PRIOR). */
  workspaceEngagement: CounterIncrement[];
}

/** Scores and applies one round of events, and decides which journeys they start or concern. */
async function applyRound(
  state: CustomerState,
  sentMessage: SentMessageLookup,
  events: CustomerEvent[],
  policy: PolicyInForce,
  taggingTopics: boolean,
  engagementBefore: EngagementProfile | undefined,
): Promise<AppliedRound> {
  const sentiments = await sentimentsOf(
    events,
    policy,
    taggingTopics ? { workspace: state.workspace, atLeastVersion: policy.version } : undefined,
  );
  let next = state;
  const processed: ProcessedEvent[] = [];
  const engagements: EngagementRecord[] = [];
  const starts: JourneyStart[] = [];
  const forwards: Record<string, JourneyEvent[]> = {};
  let profile = engagementBefore;
  const workspaceEngagement: CounterIncrement[] = [];
  events.forEach((event, i) => {
    const sentiment = sentiments[i];
    const journeyEvent = toJourneyEvent(event, sentiment);
    // Journeys the customer is in before this event hear about it; one it starts does not need to.
    for (const journey of next.journeys.active) (forwards[journey.journeyId] ??= []).push(journeyEvent);
    const before = next;
    const facts = engagementFacts(before, event, sentMessage);
    const engagement = facts && engagementRecordOf(facts, event.occurredAt);
    if (engagement) engagements.push(engagement);
    next = applyEvent(next, event, sentiment, policy.sentiment, sentMessage);
    if (profile && facts?.counted && facts.channel) {
      // A person's attention to a message we know, at the hour the customer's clock showed.
      const zone = customerTimeZone({ timeZone: stringOrUndefined(next.traits.timezone) }, policy);
      const at = Date.parse(event.occurredAt);
      const before = profile;
      profile = recordEngagement(profile, facts.channel, facts, at, zone);
      // Counted for the workspace only when it counted for the customer: each message once, by a person.
      if (profile !== before) workspaceEngagement.push(...countWorkspaceEngagement(facts.channel, at, zone));
    }
    const decided = decideJourneyStarts(
      journeyRegistry,
      next.journeys,
      { event: journeyEvent, before, after: next },
      policy,
      Date.now(),
    );
    for (const skipped of decided.notStarted) {
      log.info('journey not started', { journey: skipped.name, reason: skipped.reason, eventId: event.id });
    }
    if (decided.journeys !== next.journeys) next = { ...next, journeys: decided.journeys };
    starts.push(...decided.starts);
    processed.push({
      eventId: event.id,
      type: event.type,
      channel: event.channel,
      occurredAt: event.occurredAt,
      receivedAt: event.receivedAt,
      ...(sentiment ? { score: sentiment.score, label: sentiment.label } : {}),
      ...(sentiment?.topics && sentiment.topics.length > 0 ? { topics: sentiment.topics } : {}),
      ...(engagement ? { engagement } : {}),
    });
  });
  return {
    state: next,
    starts,
    forwards,
    processed,
    engagements,
    ...(profile ? { engagement: profile } : {}),
    workspaceEngagement,
  };
}

/** What ops filter customers by in the Temporal UI. */
function upsertCustomerSearchAttributes(state: CustomerState): void {
  upsertSearchAttributes([
    { key: SentimentLabelKey, value: state.sentiment.label },
    { key: SentimentScoreKey, value: state.sentiment.score },
    { key: OpenCasesKey, value: state.openCases.length },
    { key: ActiveJourneysKey, value: activeJourneyNames(state.journeys) },
    ...(state.lastEventAt ? [{ key: LastEventAtKey, value: new Date(state.lastEventAt) }] : []),
  ]);
}

/**
 * The sentiment of each event: its text if it has words (with the topics it mentions, given `taxonomyOf`),
 * else a survey rating, else none.
 */
async function sentimentsOf(
  events: CustomerEvent[],
  policy: PolicyInForce,
  taxonomyOf: TaxonomyOf | undefined,
): Promise<(EventSentiment | undefined)[]> {
  const spoken = events
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => SPOKEN_EVENT_TYPES.includes(event.type) && (event.text ?? '').trim().length > 0);
  const texts = spoken.map(({ event }) => event.text ?? '');
  // Without a taxonomy, the call a workflow recorded before TAG_TOPICS made: its history replays unchanged.
  const scores =
    spoken.length === 0
      ? []
      : taxonomyOf
        ? await scoreSentiment(texts, taxonomyOf)
        : await scoreSentiment(texts);
  const result: (EventSentiment | undefined)[] = events.map((event) => {
    if (event.type !== 'survey') return undefined;
    const score = surveyScoreSentiment(event.properties.kind, event.properties.score);
    return score === undefined ? undefined : { score, label: labelFor(score, policy.sentiment) };
  });
  spoken.forEach(({ index }, i) => {
    result[index] = scores[i];
  });
  return result;
}
