import type { AlertRulePolicy } from '../policy/policyDocument';
import { parseDuration } from '../policy/duration';

export const HOUR_MS = 3_600_000;

/** What an alert is about: the workspace's net sentiment falling, or one topic's negative mentions rising. */
export type AlertKind = 'nss_drop' | 'topic_spike';

/** An alert rule in hours, as the hourly counters are read (the policy validates whole hours). */
export interface RuleHours {
  /** Hours in the window. */
  window: number;
  /** Hours in the baseline: a whole number of windows, at least two. */
  baseline: number;
  sigma: number;
  minMentions: number;
}

export function ruleHours(rule: AlertRulePolicy): RuleHours {
  return {
    window: Math.round(parseDuration(rule.window) / HOUR_MS),
    baseline: Math.round(parseDuration(rule.baseline) / HOUR_MS),
    sigma: rule.sigma,
    minMentions: rule.minMentions,
  };
}

/** The start of the UTC hour `at` falls in, in epoch milliseconds: how the rules name an hour. */
export function hourOf(at: number): number {
  return Math.floor(at / HOUR_MS) * HOUR_MS;
}

/**
 * The numbers behind one evaluation, kept in the alert's detail and quoted in its message: the window's value
 * against the mean and (floored) standard deviation of the baseline windows, and the threshold it crossed.
 */
export interface RuleEvaluation {
  fires: boolean;
  /** The window's metric: NSS in points (nss_drop), negative mentions (topic_spike). */
  value: number;
  mean: number;
  sd: number;
  threshold: number;
  /** Scored events (nss_drop) or negative mentions (topic_spike) in the window: what minMentions is about. */
  mentions: number;
  /** The rule's window and baseline as the policy wrote them ("24h", "7d"). */
  window: string;
  baseline: string;
}
