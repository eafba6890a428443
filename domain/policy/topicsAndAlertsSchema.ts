import { z } from 'zod';
import { DEFAULT_TOPIC_RULES } from '../topics/defaultTopicRules';
import type { TopicRule } from '../topics/topicRule';
import { durationMs } from './duration';
import type { AlertRulePolicy, AlertsPolicy, TeamRoute } from './policyDocument';
import { defaultAlerts } from './defaultAlerts';
import { duration, expecting, flag, isRecord, noRepeatedNames, object, uniqueList } from './settingFields';

/**
 * `topics` and `alerts` of the policy (docs/DESIGN.md, "Topics and alerts"). Bounds keep a taxonomy cheap to
 * compile and match (every spoken event runs through it) and an alert rule meaningful on hourly counters.
 */

export const MAX_TOPICS = 100;
export const MAX_PHRASES_PER_TOPIC = 1000;
export const MAX_PHRASE_LENGTH = 200;
/** Topic names become parts of counter keys, alert ids and URLs: lower case, digits and `_`. */
export const TOPIC_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
const HOUR_MS = 3_600_000;
/** Cross-field checks run even when other fields are wrong, so one round trip shows every problem. */
const evenWithOtherIssues = { when: () => true };

const phrase = z
  .string({ error: expecting('a phrase') })
  .max(MAX_PHRASE_LENGTH, `must be at most ${MAX_PHRASE_LENGTH} characters`)
  .refine((text) => /[\p{L}\p{N}]/u.test(text), 'must contain a word');

const phrases = (allowEmpty: boolean) =>
  z
    .array(phrase, { error: expecting('a list of phrases') })
    .max(MAX_PHRASES_PER_TOPIC, `must hold at most ${MAX_PHRASES_PER_TOPIC} phrases`)
    .refine((list) => allowEmpty || list.length > 0, 'must hold at least one phrase');

const topicRule = object({
  name: z
    .string({ error: expecting('a topic name') })
    .regex(TOPIC_NAME_PATTERN, 'must be 1–64 characters of a–z 0–9 _, starting with a letter'),
  definition: z
    .string({ error: expecting('a text') })
    .max(1000, 'must be at most 1000 characters')
    .optional(),
  any: phrases(false),
  none: phrases(true).optional(),
  negatable: flag.optional(),
});

/** `topics`: absent (a policy from before topics), the default taxonomy. */
export const topics: z.ZodType<readonly TopicRule[], unknown> = z
  .array(topicRule, { error: expecting('a list of topics') })
  .max(MAX_TOPICS, `must hold at most ${MAX_TOPICS} topics`)
  .superRefine(noRepeatedNames('topics'), evenWithOtherIssues)
  .default(() => structuredClone(DEFAULT_TOPIC_RULES) as never);

/** Hours in a duration, when it is a positive whole number of hours. */
function wholeHours(text: unknown): number | undefined {
  const ms = typeof text === 'string' ? durationMs(text) : undefined;
  return ms !== undefined && ms > 0 && ms % HOUR_MS === 0 ? ms / HOUR_MS : undefined;
}

const alertRule = object({
  window: duration('positive'),
  baseline: duration('positive'),
  sigma: z
    .number({ error: expecting('a number of standard deviations') })
    .positive('must be greater than 0')
    .max(10, 'must be at most 10'),
  minMentions: z
    .number({ error: expecting('a whole number') })
    .int('must be a whole number')
    .min(1, 'must be at least 1'),
}).superRefine((rule: unknown, ctx) => {
  // The rules read hourly counters, and compare the window with the baseline cut into windows of its length.
  if (!isRecord(rule) || typeof rule.window !== 'string' || typeof rule.baseline !== 'string') return;
  const window = wholeHours(rule.window);
  if (window === undefined) {
    if (durationMs(rule.window) !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['window'],
        message: 'must be a whole number of hours (counts are hourly)',
      });
    }
    return;
  }
  const baseline = wholeHours(rule.baseline);
  if (baseline === undefined || baseline % window !== 0 || baseline / window < 2) {
    if (durationMs(rule.baseline) === undefined) return;
    ctx.addIssue({
      code: 'custom',
      path: ['baseline'],
      message: `must be at least two windows long and a whole number of windows (${rule.window} each)`,
    });
  }
}, evenWithOtherIssues) as z.ZodType<AlertRulePolicy, unknown>;

/** `alerts`: absent (a policy from before alerts), the defaults of docs/DESIGN.md. */
export const alerts: z.ZodType<AlertsPolicy, unknown> = object({
  every: duration('positive'),
  nssDrop: alertRule,
  topicSpike: alertRule,
}).default(() => structuredClone<AlertsPolicy>(defaultAlerts));

const teamRoute = object({
  name: z
    .string({ error: expecting('a team name') })
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters'),
  topics: uniqueList(z.string({ error: expecting('a topic name') }), { allowEmpty: false }),
  webhook: z
    .url({ protocol: /^https?$/, error: expecting('an http or https URL') })
    .max(2000, 'must be at most 2000 characters'),
});

/** `teams`: absent, none (every alert goes to the default webhook). The policy checks the topic names. */
export const teams: z.ZodType<readonly TeamRoute[], unknown> = z
  .array(teamRoute, { error: expecting('a list of teams') })
  .max(50, 'must hold at most 50 teams')
  .default(() => [] as never);
