import {
  ApplicationFailure,
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { teamAlertActivityOptions } from '../teamAlertOptions';
import type { AlertSeverity } from '../../domain/alerts/alertSeverity';
import type { ContactAnswer, ContactRequest } from '../../domain/contact';
import { DEFAULT_PRIORITY } from '../../domain/contact';
import { JOURNEY_FAILED } from '../../domain/failureTypes';
import type { JourneyEvent } from '../../domain/journeys/journeyEvent';
import type { JourneyStepRecord } from '../../domain/journeys/journeyStepRecord';
import type { JourneySettings } from '../../domain/journeys/journeyRegistration';
import type { JourneyEnded, JourneyStatus } from '../../domain/journeys/journeysState';
import { journeyRequestIdPrefix } from '../../domain/journeys/journeysState';
import { parseDuration } from '../../domain/policy/duration';
import { journeyEndedSignal } from '../customer/messages';
import type { JourneyInput, JourneyProgress } from './messages';
import { journeyEventsSignal, journeyProgressQuery } from './messages';

/** A message a journey wants to send; the customer's ledger decides. */
export interface JourneyMessage {
  /** A channel, or `"auto"`: the customer's workflow chooses by their engagement (docs/PERSONALIZATION.md). */
  channel: ContactRequest['channel'];
  /** With `"auto"`: the channels it may choose among. */
  candidates?: ContactRequest['candidates'];
  /** `"optimal"`: marketing waits for the customer's best hour within 24 h. */
  sendAt?: ContactRequest['sendAt'];
  category: ContactRequest['category'];
  priority?: number;
  /** Default: the journey's name. */
  campaign?: string;
  content?: ContactRequest['content'];
  expiresAt?: number;
}

export interface JourneyAlert {
  title: string;
  text: string;
  severity?: AlertSeverity;
  caseId?: string;
  /** What it is about, most important first: the team that owns the first owned topic hears it (policy `teams`). */
  topics?: string[];
}

/** The journey API: what a journey's `run` may do. Each step is recorded for the customer's timeline. */
export interface Journey<T = unknown, S extends JourneySettings = JourneySettings> {
  readonly input: JourneyInput<T, S>;
  /**
   * Asks the customer's ledger to send a message and answers its decision (sent, scheduled or suppressed,
   * with the reason). `step` names it and must be unique within the journey: it makes the request id, so a
   * retried step gets the same answer and the message goes out at most once.
   */
  send(step: string, message: JourneyMessage): Promise<ContactAnswer>;
  /**
   * The next forwarded event (not already returned by an earlier wait) that `matches`, or undefined when
   * `timeout` passes first. Without a timeout it waits as long as it takes. `since: 'now'` ignores events
   * that arrived before the call.
   */
  waitForEvent(
    step: string,
    matches: (event: JourneyEvent) => boolean,
    options?: { timeout?: JourneyDuration; since?: 'last_match' | 'now' },
  ): Promise<JourneyEvent | undefined>;
  /**
   * The first event already received (after the last match of `waitForEvent`) that `matches`, without
   * waiting or recording a step: for checks at a turning point of the journey.
   */
  received(matches: (event: JourneyEvent) => boolean): JourneyEvent | undefined;
  /** A durable timer (a policy duration such as "2d", or milliseconds). */
  sleep(step: string, duration: JourneyDuration): Promise<void>;
  /** Alerts the brand's team (Slack-compatible webhook). Retried a bounded number of times, never posted twice. */
  alertTeam(step: string, alert: JourneyAlert): Promise<void>;
  /** Records a step of your own in the timeline. */
  record(step: string, detail?: Record<string, unknown>): void;
}

export interface JourneyDefinition<T, S extends JourneySettings> {
  /**
   * Exit criteria: an event for which this returns a reason ends the journey at once, wherever it is
   * waiting. Scheduled messages it asked for and that have not gone out yet are withdrawn from the ledger.
   */
  exitWhen?: (event: JourneyEvent) => string | undefined;
  /** The journey itself. What it returns is recorded as the outcome of a completed journey. */
  run(journey: Journey<T, S>): Promise<string | void>;
}

export interface JourneyOutcome {
  status: Exclude<JourneyStatus, 'failed' | 'cancelled'>;
  reason: string;
}

/** How much of a journey's recent activity the progress query keeps. */
const PROGRESS_STEPS_KEPT = 100;
/** Forwarded events a journey keeps for `waitForEvent`; older ones can no longer match. */
const EVENTS_KEPT = 500;

const { requestCustomerContact } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // The customer workflow is always there; a failing call is an outage, retried for about half an hour.
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    maximumAttempts: 10,
  },
});

// A failing alert webhook fails the journey (visible in the UI and timeline) after a bounded number of tries.
const { sendTeamAlert } = proxyActivities<Activities>(teamAlertActivityOptions);

const { recordJourneyStep } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // At most 10 s between attempts, so the timeline catches up within seconds of a MongoDB restart; about 15
  // minutes in all, as before.
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 90,
  },
});

/**
 * Runs a journey: registers its signal and query handlers, runs `definition.run` in a cancellation scope
 * that an exit event cancels, records every step, and tells the customer workflow how it ended (which also
 * withdraws the journey's scheduled messages when it did not complete). A journey that fails is recorded as
 * `failed` and fails its own workflow — never the customer's.
 *
 * Call it first thing in the journey's workflow function (handlers must exist before any await).
 */
export async function runJourney<T, S extends JourneySettings>(
  input: JourneyInput<T, S>,
  definition: JourneyDefinition<T, S>,
): Promise<JourneyOutcome> {
  const events: JourneyEvent[] = [];
  let cursor = 0;
  let seq = 0;
  let exitReason: string | undefined;
  let exitFailure: unknown;
  /** Set once the journey has ended: later events change nothing. */
  let finished = false;
  const recordings: Promise<void>[] = [];
  const progress: JourneyProgress = { journeyId: input.journeyId, status: 'running', steps: [] };
  const scope = new CancellationScope();

  const record = (step: string, detail?: Record<string, unknown>): void => {
    const at = new Date().toISOString();
    progress.steps = [...progress.steps, { step, at, ...(detail ? { detail } : {}) }].slice(
      -PROGRESS_STEPS_KEPT,
    );
    const stepRecord: JourneyStepRecord = {
      workspace: input.workspace,
      customerId: input.customerId,
      journeyId: input.journeyId,
      journey: input.name,
      seq: seq++,
      step,
      at,
      ...(detail ? { detail } : {}),
    };
    // Not awaited (a journey does not wait on its own bookkeeping) and not cancellable (an exit must not
    // lose the steps that led to it); every recording is awaited before the journey ends.
    recordings.push(
      CancellationScope.nonCancellable(() => recordJourneyStep(stepRecord)).catch((error: unknown) => {
        log.warn('journey step not recorded', { journeyId: input.journeyId, step, error: String(error) });
      }),
    );
  };

  setHandler(journeyEventsSignal, (forwarded) => {
    events.push(...forwarded);
    if (events.length > EVENTS_KEPT) {
      const dropped = events.length - EVENTS_KEPT;
      events.splice(0, dropped);
      cursor = Math.max(0, cursor - dropped);
    }
    if (finished || exitReason !== undefined || exitFailure !== undefined || !definition.exitWhen) return;
    for (const event of forwarded) {
      let reason: string | undefined;
      try {
        reason = definition.exitWhen(event);
      } catch (error) {
        // A bug in the exit criteria fails this journey, not every workflow task of it forever.
        exitFailure = error;
        scope.cancel();
        return;
      }
      if (reason !== undefined) {
        exitReason = reason;
        record('exit_event', { eventId: event.id, type: event.type, reason });
        scope.cancel();
        return;
      }
    }
  });
  setHandler(journeyProgressQuery, () => progress);

  const journey: Journey<T, S> = {
    input,
    async send(step, message) {
      const request: ContactRequest = {
        id: `${journeyRequestIdPrefix(input.name, input.run)}${step}`,
        channel: message.channel,
        category: message.category,
        ...(message.candidates !== undefined ? { candidates: message.candidates } : {}),
        ...(message.sendAt !== undefined ? { sendAt: message.sendAt } : {}),
        priority: message.priority ?? DEFAULT_PRIORITY,
        campaign: message.campaign ?? input.name,
        ...(message.content ? { content: message.content } : {}),
        ...(message.expiresAt !== undefined ? { expiresAt: message.expiresAt } : {}),
      };
      // Not cancellable: once asked, the ledger may act on the request, so the journey waits for the answer
      // and records it even when an exit event arrives meanwhile (the next await then ends the journey, and
      // the end notice, sent after this, withdraws the message if it was scheduled).
      const answer = await CancellationScope.nonCancellable(() =>
        requestCustomerContact({ customerWorkflowId: input.customerWorkflowId, request }),
      );
      record(step, {
        // The channel it went out on: "auto" is answered with the one chosen.
        channel: answer.channel ?? request.channel,
        category: request.category,
        decision: answer.decision,
        reason: answer.reason,
        ...(answer.messageId !== undefined ? { messageId: answer.messageId } : {}),
        ...(answer.scheduledFor !== undefined ? { scheduledFor: answer.scheduledFor } : {}),
      });
      return answer;
    },
    async waitForEvent(step, matches, options = {}) {
      if (options.since === 'now') cursor = events.length;
      const timeoutMs = options.timeout === undefined ? undefined : durationMs(options.timeout);
      record(step, timeoutMs === undefined ? {} : { until: new Date(Date.now() + timeoutMs).toISOString() });
      progress.waitingFor = step;
      let found: JourneyEvent | undefined;
      const check = () => {
        for (let i = cursor; i < events.length; i++) {
          if (matches(events[i])) {
            found = events[i];
            cursor = i + 1;
            return true;
          }
        }
        return false;
      };
      try {
        if (timeoutMs === undefined) await condition(check);
        else if (timeoutMs > 0) await condition(check, timeoutMs);
        else check();
      } finally {
        progress.waitingFor = undefined;
      }
      if (found) record(`${step}:matched`, { eventId: found.id, type: found.type });
      else record(`${step}:timed_out`);
      return found;
    },
    received(matches) {
      return events.slice(cursor).find(matches);
    },
    async sleep(step, duration) {
      const ms = durationMs(duration);
      record(step, { until: new Date(Date.now() + ms).toISOString() });
      progress.waitingFor = step;
      try {
        if (ms > 0) await sleep(ms);
      } finally {
        progress.waitingFor = undefined;
      }
    },
    async alertTeam(step, alert) {
      await sendTeamAlert({
        alertId: `${input.journeyId}:${step}`,
        workspace: input.workspace,
        customerId: input.customerId,
        title: alert.title,
        text: alert.text,
        ...(alert.severity !== undefined ? { severity: alert.severity } : {}),
        ...(alert.caseId !== undefined ? { caseId: alert.caseId } : {}),
        ...(alert.topics !== undefined ? { topics: alert.topics } : {}),
      });
      record(step, {
        title: alert.title,
        severity: alert.severity ?? 'warning',
        ...(alert.topics !== undefined ? { topics: alert.topics } : {}),
      });
    },
    record,
  };

  record('started', {
    triggeredBy: input.triggeredBy,
    trigger: input.trigger as unknown,
    policyVersion: input.policyVersion,
  });

  let ended: { status: JourneyStatus; reason: string };
  let failure: unknown;
  try {
    const outcome = await scope.run(() => definition.run(journey));
    ended = { status: 'completed', reason: outcome ?? 'done' };
  } catch (error) {
    if (exitFailure !== undefined) {
      ended = { status: 'failed', reason: `exit criteria failed: ${messageOf(exitFailure)}` };
      failure = exitFailure;
    } else if (isCancellation(error) && exitReason !== undefined) {
      ended = { status: 'exited', reason: exitReason };
    } else if (isCancellation(error)) {
      // Cancelled from outside (the Temporal UI, `temporal workflow cancel`): clean up, then show as cancelled.
      ended = { status: 'cancelled', reason: 'cancel_requested' };
      failure = error;
    } else {
      ended = { status: 'failed', reason: messageOf(error) };
      failure = error;
    }
  }

  finished = true;
  progress.status = ended.status;
  record(ended.status, { reason: ended.reason });
  await CancellationScope.nonCancellable(async () => {
    const notice: JourneyEnded = {
      journeyId: input.journeyId,
      name: input.name,
      status: ended.status,
      reason: ended.reason,
      at: new Date().toISOString(),
    };
    try {
      await getExternalWorkflowHandle(input.customerWorkflowId).signal(journeyEndedSignal, notice);
    } catch (error) {
      // The customer workflow is gone (terminated by hand): nobody is left to tell.
      log.warn('could not report the end of the journey', {
        journeyId: input.journeyId,
        error: String(error),
      });
    }
    await Promise.all(recordings);
  });

  if (ended.status === 'cancelled') throw failure;
  if (ended.status === 'failed') {
    throw ApplicationFailure.create({
      type: JOURNEY_FAILED,
      message: `Journey ${input.name} failed: ${ended.reason}`,
      nonRetryable: true,
      cause: failure instanceof Error ? failure : undefined,
    });
  }
  return { status: ended.status, reason: ended.reason };
}

/** A policy duration ("90s", "15m", "24h", "7d") or milliseconds. */
export type JourneyDuration = string | number;

function durationMs(duration: JourneyDuration): number {
  return typeof duration === 'number' ? duration : parseDuration(duration);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
