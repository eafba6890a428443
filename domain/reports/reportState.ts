import type { HoldoutGroup } from '../holdout/assignment';
import type { GoalWhere } from '../policy/policyDocument';
import type { CounterIncrement, UpliftScope } from './reportCounters';

/**
 * What the customer workflow remembers in order to count its customer into the reports (reportCounters.ts)
 * exactly once: the entries whose goal window is still open, the journey runs a later send, engagement or
 * exit belongs to, and the messages engagement and conversions are attributed to. JSON-safe and bounded: it
 * crosses continue-as-new beside the ledger.
 */
export interface ReportState {
  /** The last counter batch written: storage applies each (customer, seq) once. */
  seq: number;
  entries: CohortEntry[];
  runs: TrackedRun[];
  messages: TrackedMessage[];
  /** Marketing messages sent to the customer on one UTC day, for the per-customer-day histogram. */
  marketingDay?: { day: string; count: number };
}

/** One unit of an uplift cohort: entered at `since`, converted at most once within `within` after it. */
export interface CohortEntry {
  scope: UpliftScope;
  goal: string;
  arm: HoldoutGroup;
  /** Epoch ms the window opens (the entry's event time). */
  since: number;
  /** Epoch ms the window closes (since + the goal's `within`). */
  until: number;
  /** The hour bucket it was counted in, where its conversion is counted too. */
  bucket: string;
  /** Property values the goal event must not contradict (cart recovery's cart). */
  match?: GoalWhere;
  /** The journey run it is (journey scope). */
  run?: number;
  converted?: true;
}

/** A journey run as the funnel counts it. */
export interface TrackedRun {
  journey: string;
  run: number;
  arm: HoldoutGroup;
  /** The hour bucket of its entry: every funnel counter of the run goes there. */
  bucket: string;
  /** Epoch ms it started. */
  startedAt: number;
  /** The goal it converts on, if any. */
  goal?: string;
  /** Message steps already counted as reached. */
  reached: string[];
  ended?: true;
}

/** A message that went out, for its engagement (journey steps) and for last-touch attribution. */
export interface TrackedMessage {
  messageId: string;
  sentAt: number;
  campaign?: string;
  journey?: string;
  run?: number;
  step?: string;
  /** Funnel metrics already counted for it (each once per message). */
  counted?: ('delivered' | 'opened' | 'clicked')[];
}

export const emptyReportState: ReportState = { seq: 0, entries: [], runs: [], messages: [] };

/** Attribution windows are kept this long after they close, for goal events that arrive late. */
export const LATE_GOAL_GRACE_MS = 24 * 3_600_000;
/** Runs and messages kept for late engagement and exits: the newest ones, for at most this long. */
export const RUNS_KEPT = 50;
export const MESSAGES_KEPT = 200;
export const ENTRIES_KEPT = 200;
export const TRACKING_KEPT_MS = 90 * 86_400_000;

/** What counting one thing did: the new state and the increments to write. */
export interface Counted {
  report: ReportState;
  increments: CounterIncrement[];
}

/** Forgets windows long closed, ended runs and messages past the tracking horizon, and the oldest beyond the bounds. */
export function pruneReportState(report: ReportState, now: number): ReportState {
  const entries = report.entries.filter((e) => e.until + LATE_GOAL_GRACE_MS > now).slice(-ENTRIES_KEPT);
  const runs = report.runs.filter((r) => !r.ended || r.startedAt + TRACKING_KEPT_MS > now).slice(-RUNS_KEPT);
  const messages = report.messages.filter((m) => m.sentAt + TRACKING_KEPT_MS > now).slice(-MESSAGES_KEPT);
  if (
    entries.length === report.entries.length &&
    runs.length === report.runs.length &&
    messages.length === report.messages.length
  ) {
    return report;
  }
  return { ...report, entries, runs, messages };
}
