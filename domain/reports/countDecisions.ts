import type { DecisionRecord } from '../contact/types';
import { isMarketing } from '../contact/types';
import type { HoldoutGroup } from '../holdout/assignment';
import { journeyOfRequestId, journeyRequestIdPrefix } from '../journeys/journeysState';
import type { GoalPolicy } from '../policy/policyDocument';
import { openEntry } from './cohortEntries';
import type { CounterIncrement } from './reportCounters';
import { counterKey, dayBucket, hourBucket } from './reportCounters';
import type { Counted, ReportState, TrackedMessage } from './reportState';

export interface DecisionCountingContext {
  /** The customer's global group under the policy in force: a campaign's recipients are in that arm. */
  globalArm: HoldoutGroup;
  goals: Readonly<Record<string, GoalPolicy>>;
}

/**
 * Counts decisions, in the order they were made, into contact pressure (the hour of the decision), the
 * per-customer-day histogram of marketing sends, the funnel of the journey run that asked (the hour the run
 * entered), and campaign cohorts (a campaign's first marketing request outside an open window of a goal).
 * Pure: the same decisions and state give the same increments.
 */
export function countDecisions(
  report: ReportState,
  records: readonly DecisionRecord[],
  context: DecisionCountingContext,
): Counted {
  const increments: CounterIncrement[] = [];
  let next = report;
  for (const record of records) {
    const at = Date.parse(record.decidedAt);
    const bucket = hourBucket(at);
    const add = (key: string, by = 1, where = bucket) => increments.push({ bucket: where, key, by });

    if (record.decision === 'sent') {
      add(counterKey.sent());
      add(counterKey.sentByChannel(record.channel));
      add(counterKey.sentByCategory(record.category));
      if (isMarketing(record.category)) {
        const sentAt = record.sentAt !== undefined ? Date.parse(record.sentAt) : at;
        const day = dayBucket(sentAt);
        const count = next.marketingDay?.day === day ? next.marketingDay.count + 1 : 1;
        next = { ...next, marketingDay: { day, count } };
        add(counterKey.marketingPerCustomer(count), 1, day);
        if (count > 1) add(counterKey.marketingPerCustomer(count - 1), -1, day);
      }
    } else if (record.decision === 'suppressed') {
      add(counterKey.suppressed(record.reason));
      add(counterKey.suppressedByChannel(record.channel));
      add(counterKey.suppressedByCategory(record.category));
    } else {
      add(counterKey.scheduled());
      add(counterKey.scheduledByChannel(record.channel));
      add(counterKey.scheduledByCategory(record.category));
    }

    const journey = journeyOfRequestId(record.requestId);
    const step = journey && record.requestId.slice(journeyRequestIdPrefix(journey.name, journey.run).length);
    const run = journey && next.runs.find((r) => r.journey === journey.name && r.run === journey.run);
    if (run && step) {
      const stepKey = (metric: 'reached' | 'sent' | 'suppressed') =>
        counterKey.funnelStep(run.journey, run.arm, step, metric);
      if (!run.reached.includes(step)) {
        increments.push({ bucket: run.bucket, key: stepKey('reached'), by: 1 });
        next = {
          ...next,
          runs: next.runs.map((r) => (r === run ? { ...r, reached: [...r.reached, step] } : r)),
        };
      }
      if (record.decision === 'sent') increments.push({ bucket: run.bucket, key: stepKey('sent'), by: 1 });
      if (record.decision === 'suppressed') {
        increments.push({ bucket: run.bucket, key: stepKey('suppressed'), by: 1 });
      }
    }

    if (record.trigger === 'request' && record.campaign !== undefined && isMarketing(record.category)) {
      for (const [goal, policy] of Object.entries(context.goals)) {
        const opened = openEntry(next, {
          scope: `campaign:${record.campaign}`,
          goal,
          goalPolicy: policy,
          arm: context.globalArm,
          since: at,
        });
        next = opened.report;
        increments.push(...opened.increments);
      }
    }

    if (record.decision === 'sent') {
      const message: TrackedMessage = {
        messageId: record.messageId,
        sentAt: record.sentAt !== undefined ? Date.parse(record.sentAt) : at,
        ...(record.campaign !== undefined ? { campaign: record.campaign } : {}),
        ...(run && step ? { journey: run.journey, run: run.run, step } : {}),
      };
      next = { ...next, messages: [...next.messages, message] };
    }
  }
  return { report: next, increments };
}
