import type { CustomerEvent } from '../events/customerEvent';
import type { EngagementRecord } from '../events/engagement';
import type { HoldoutGroup } from '../holdout/assignment';
import type { GoalPolicy } from '../policy/policyDocument';
import { openEntry } from './cohortEntries';
import type { Conversion } from './conversion';
import { goalsMetBy } from './goalsMetBy';
import type { CounterIncrement } from './reportCounters';
import { counterKey } from './reportCounters';
import type { CohortEntry, Counted, ReportState, TrackedMessage } from './reportState';

export interface EventCountingContext {
  globalArm: HoldoutGroup;
  goals: Readonly<Record<string, GoalPolicy>>;
}

export interface CountedEvent extends Counted {
  conversions: Conversion[];
}

/**
 * Counts one applied event: first as a goal event (each open window of a goal it meets converts, once, in the
 * hour its entry was counted; a journey run's conversion also goes to its funnel and to the step of the last
 * send before it), then as activity that enters the customer into the global cohort (any event but
 * engagement, which only follows Tutti's own sends and would favour the treatment arm), then as engagement
 * with a journey's message (each of delivered, opened, clicked once per message; machine ones never).
 */
export function countEvent(
  report: ReportState,
  event: CustomerEvent,
  engagement: EngagementRecord | undefined,
  context: EventCountingContext,
): CountedEvent {
  const at = Date.parse(event.occurredAt);
  const increments: CounterIncrement[] = [];
  const conversions: Conversion[] = [];
  let next = report;

  const met = goalsMetBy(event, context.goals);
  if (met.length > 0) {
    const entries = next.entries.map((entry): CohortEntry => {
      if (entry.converted || !met.includes(entry.goal) || at < entry.since || at >= entry.until) return entry;
      if (!matchesEntry(event, entry)) return entry;
      increments.push({
        bucket: entry.bucket,
        key: counterKey.cohortConverted(entry.scope, entry.goal, entry.arm),
        by: 1,
      });
      const touch = lastTouch(next.messages, entry, at);
      conversions.push({
        goal: entry.goal,
        scope: entry.scope,
        ...(entry.run !== undefined ? { run: entry.run } : {}),
        ...(touch ? { messageId: touch.messageId } : {}),
      });
      const run =
        entry.run !== undefined
          ? next.runs.find((r) => `journey:${r.journey}` === entry.scope && r.run === entry.run)
          : undefined;
      if (run && run.goal === entry.goal) {
        increments.push({ bucket: run.bucket, key: counterKey.funnelConverted(run.journey, run.arm), by: 1 });
        if (touch?.step !== undefined) {
          increments.push({
            bucket: run.bucket,
            key: counterKey.funnelStep(run.journey, run.arm, touch.step, 'converted'),
            by: 1,
          });
        }
      }
      return { ...entry, converted: true };
    });
    next = { ...next, entries };
  }

  if (event.type !== 'engagement') {
    for (const [goal, goalPolicy] of Object.entries(context.goals)) {
      const opened = openEntry(next, {
        scope: 'global',
        goal,
        goalPolicy,
        arm: context.globalArm,
        since: at,
      });
      next = opened.report;
      increments.push(...opened.increments);
    }
  }

  if (engagement?.counted && !engagement.machine) {
    const action = engagement.action;
    const message = next.messages.find((m) => m.messageId === engagement.messageId);
    const run =
      message?.journey !== undefined
        ? next.runs.find((r) => r.journey === message.journey && r.run === message.run)
        : undefined;
    if (
      message &&
      run &&
      message.step !== undefined &&
      (action === 'delivered' || action === 'opened' || action === 'clicked') &&
      !(message.counted ?? []).includes(action)
    ) {
      increments.push({
        bucket: run.bucket,
        key: counterKey.funnelStep(run.journey, run.arm, message.step, action),
        by: 1,
      });
      const counted = [...(message.counted ?? []), action];
      next = { ...next, messages: next.messages.map((m) => (m === message ? { ...m, counted } : m)) };
    }
  }

  return { report: next, increments, conversions };
}

/** A goal event must not contradict what the entry was about: a purchase of another cart converts no recovery of this one. */
function matchesEntry(event: CustomerEvent, entry: CohortEntry): boolean {
  if (!entry.match) return true;
  return Object.entries(entry.match).every(([property, value]) => {
    const given = event.properties[property];
    return given === undefined || given === value;
  });
}

/** The last message sent before the goal event within the entry's scope (and at or after its entry). */
function lastTouch(
  messages: readonly TrackedMessage[],
  entry: CohortEntry,
  at: number,
): TrackedMessage | undefined {
  let last: TrackedMessage | undefined;
  for (const message of messages) {
    if (message.sentAt > at || message.sentAt < entry.since) continue;
    const inScope =
      entry.scope === 'global' ||
      (entry.scope.startsWith('campaign:') && message.campaign === entry.scope.slice('campaign:'.length)) ||
      (entry.scope.startsWith('journey:') &&
        message.journey === entry.scope.slice('journey:'.length) &&
        message.run === entry.run);
    if (inScope && (last === undefined || message.sentAt >= last.sentAt)) last = message;
  }
  return last;
}
