import { IANAZone } from 'luxon';
import { z } from 'zod';
import { CATEGORIES, CHANNELS, MARKETING_CATEGORIES } from '../contact/types';
import { EVENT_TYPES } from '../events/eventTypes';
import { isClockTimeText } from './clockTime';
import { journeyRegistry } from '../journeys/registry';
import { defaultPolicy } from './defaultPolicy';
import { isDurationText } from './duration';
import { channels, sendTime } from './personalizationSchema';
import { alerts, teams, topics } from './topicsAndAlertsSchema';
import type { JourneysPolicy, PolicyBody, PolicyDocument } from './policyDocument';
import type { Strictness } from './settingFields';
import {
  duration,
  durationProblem,
  expecting,
  flag,
  isRecord,
  noRepeatedNames,
  object,
  percent,
  score,
  uniqueList,
  withSafeNames,
} from './settingFields';

export { MAX_POLICY_DURATION } from './settingFields';
export const MAX_CAPS = 50;
const CAP_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

const listOf = (values: readonly string[]): string => values.join(', ');

/**
 * Cross-field checks run even when other fields are wrong, so one round trip shows every problem. Their
 * input may then be anything a client sent (`"caps": 5`, `"quietHours": null`), which is why each one looks
 * before it compares.
 */
const evenWithOtherIssues = { when: () => true };

const clockTime = z
  .string({ error: expecting('a time of day HH:MM') })
  .refine(isClockTimeText, 'must be a time of day HH:MM, from "00:00" to "23:59"');

const channel = z.enum(CHANNELS, { error: expecting(`one of ${listOf(CHANNELS)}`) });

const cappableCategory = z
  .enum(CATEGORIES, { error: expecting(`one of ${listOf(CATEGORIES)}`) })
  .refine((category) => category !== 'transactional', 'transactional messages are never capped');

const marketingCategory = z.enum(MARKETING_CATEGORIES, {
  error: expecting(
    `a marketing category (${listOf(MARKETING_CATEGORIES)}): service and transactional never wait`,
  ),
});

const cap = object({
  name: z
    .string({ error: expecting('a name') })
    .regex(
      CAP_NAME_PATTERN,
      'must be 1–64 characters of A–Z a–z 0–9 . _ - (it becomes part of a reason code)',
    ),
  channels: uniqueList(channel, { allowEmpty: false }).optional(),
  categories: uniqueList(cappableCategory, { allowEmpty: false }).optional(),
  limit: z
    .number({ error: expecting('a whole number') })
    .int('must be a whole number')
    .positive('must be at least 1: to stop a category altogether, use an exclusion'),
  window: duration('positive'),
});

const caps = z
  .array(cap, { error: expecting('a list of caps') })
  .max(MAX_CAPS, `must hold at most ${MAX_CAPS} caps`)
  .superRefine(noRepeatedNames('caps'), evenWithOtherIssues);

const quietHours = object({
  start: clockTime,
  end: clockTime,
  defaultTimeZone: z
    .string({ error: expecting('an IANA time zone such as Europe/Paris') })
    .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as Europe/Paris'),
  categories: uniqueList(marketingCategory, { allowEmpty: true }),
  // Optional: absent, quiet hours hold every channel (docs/PERSONALIZATION.md, moving instead of deferring).
  channels: uniqueList(channel, { allowEmpty: false }).optional(),
}).superRefine((hours: unknown, ctx) => {
  if (!isRecord(hours)) return;
  if (typeof hours.start === 'string' && hours.start === hours.end) {
    ctx.addIssue({
      code: 'custom',
      path: ['end'],
      message: 'must differ from start: to have no quiet hours, give an empty categories list',
    });
  }
}, evenWithOtherIssues);

const exclusions = object({
  openCase: flag,
  disruptionWindow: duration('zero'),
  negativeSentimentWindow: duration('zero'),
  categories: uniqueList(marketingCategory, { allowEmpty: true }),
});

const sentiment = object({
  negativeBelow: score('-1 to 1'),
  positiveAbove: score('-1 to 1'),
}).superRefine((thresholds: unknown, ctx) => {
  if (!isRecord(thresholds)) return;
  const { negativeBelow, positiveAbove } = thresholds;
  if (typeof negativeBelow !== 'number' || typeof positiveAbove !== 'number') return;
  if (!(negativeBelow < positiveAbove)) {
    ctx.addIssue({
      code: 'custom',
      path: ['positiveAbove'],
      message: 'must be greater than sentiment.negativeBelow',
    });
  }
}, evenWithOtherIssues);

/**
 * A journey the registry does not know (a team's, or one since removed): `enabled` plus simple values.
 * Durations are strings such as "60d"; the journey parses what it reads, so any new string written as a
 * duration is held to the same bounds as the policy's own.
 */
function customJourney(strictness: Strictness) {
  const setting = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())], {
    error: 'must be a string (such as a duration "60d"), a number, true or false, or a list of strings',
  });
  const journey = z
    .object(
      { enabled: flag },
      { error: expecting("an object with enabled: true or false and the journey's own settings") },
    )
    .catchall(
      strictness === 'stored'
        ? setting
        : setting.superRefine((value, ctx) => {
            if (typeof value !== 'string' || !isDurationText(value)) return;
            const problem = durationProblem(value, 'zero');
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          }),
    );
  return strictness === 'stored' ? journey : withSafeNames(journey, 'is not a valid setting name: it');
}

/**
 * `journeys`: each registered journey's own settings (domain/journeys/registry.ts), required for the journeys
 * of the default policy; any other name a team's journey with `enabled` and simple values.
 */
function journeys(strictness: Strictness): z.ZodType<JourneysPolicy> {
  const shape: Record<string, z.ZodType> = {};
  for (const { name, settings } of journeyRegistry) {
    const required = Object.hasOwn(defaultPolicy.journeys, name);
    // A journey given its declaration after a policy naming it was stored must not make that policy unreadable.
    const schema = required || strictness === 'publishing' ? settings : customJourney('stored');
    shape[name] = required ? schema : schema.optional();
  }
  const schema = object(shape).catchall(customJourney(strictness));
  // Built from a list, so zod cannot infer the named keys; validatePolicy's tests hold the two together.
  return (strictness === 'stored'
    ? schema
    : withSafeNames(schema, 'is not a valid journey name: it')) as unknown as z.ZodType<JourneysPolicy>;
}

const goal = object({
  event: z.enum(EVENT_TYPES, { error: expecting(`an event type (${listOf(EVENT_TYPES)})`) }),
  where: withSafeNames(
    z.record(
      z.string(),
      z.union([z.string(), z.number(), z.boolean()], { error: 'must be a string, a number, true or false' }),
      { error: expecting('an object of property values the goal event must have') },
    ),
    'is not a valid property name: it',
  ).optional(),
  within: duration('positive'),
});

/** `goals`: conversion goals by name. Absent (a policy from before goals), the default goals. */
const goals = withSafeNames(
  z.record(z.string(), goal, { error: expecting('an object of goals by name') }),
  'is not a valid goal name: it',
).default(() => structuredClone(defaultPolicy.goals));

const exemptCategory = z.enum(CATEGORIES, { error: expecting(`one of ${listOf(CATEGORIES)}`) });

/** `holdout`: control groups (domain/holdout). Absent (a policy from before holdouts), nobody is held out. */
const holdout = object({
  globalPercent: percent,
  salt: z
    .string({ error: expecting('a text') })
    .min(1, 'must not be empty')
    .max(64, 'must be at most 64 characters'),
  journeys: withSafeNames(
    z.record(z.string(), percent, { error: expecting('an object of control percents by journey name') }),
    'is not a valid journey name: it',
  ),
  exemptCategories: uniqueList(exemptCategory, { allowEmpty: false }).refine(
    (categories) => categories.includes('transactional'),
    'must include transactional: transactional messages are never held out',
  ),
}).default(() => ({
  ...defaultPolicy.holdout,
  journeys: { ...defaultPolicy.holdout.journeys },
  exemptCategories: [...defaultPolicy.holdout.exemptCategories],
}));

const bodyShape = (strictness: Strictness) => ({
  caps,
  quietHours,
  exclusions,
  sentiment,
  journeys: journeys(strictness),
  goals,
  holdout,
  topics,
  alerts,
  teams,
  channels,
  sendTime,
});

/** A journey's `goal` names one of `goals`: a typo would otherwise count no conversions, without a word. */
function checkGoalNames(body: PolicyBody, ctx: z.RefinementCtx): void {
  if (!isRecord(body)) return;
  const goalNames = isRecord(body.goals) ? Object.keys(body.goals) : [];
  const journeysDoc = isRecord(body.journeys) ? body.journeys : {};
  for (const [name, journey] of Object.entries(journeysDoc)) {
    const named: unknown = isRecord(journey) ? journey.goal : undefined;
    if (typeof named === 'string' && !goalNames.includes(named)) {
      ctx.addIssue({
        code: 'custom',
        path: ['journeys', name, 'goal'],
        message: `must name a goal in goals (${goalNames.length > 0 ? listOf(goalNames) : 'there are none'})`,
      });
    }
  }
}

/**
 * A journey holdout names a journey the policy or the registry knows: a typo would hold out nothing. Only for
 * new versions: a journey taken out of the registry later must not make a stored policy unreadable.
 */
function checkHoldoutJourneys(body: PolicyBody, ctx: z.RefinementCtx): void {
  if (!isRecord(body)) return;
  const journeysDoc = isRecord(body.journeys) ? body.journeys : {};
  const heldOut: unknown = isRecord(body.holdout) ? body.holdout.journeys : undefined;
  if (!isRecord(heldOut)) return;
  for (const name of Object.keys(heldOut)) {
    if (Object.hasOwn(journeysDoc, name) || journeyRegistry.some((r) => r.name === name)) continue;
    ctx.addIssue({
      code: 'custom',
      path: ['holdout', 'journeys', name],
      message: 'must name a journey of the policy (journeys) or a registered one',
    });
  }
}

/** A team names topics of the taxonomy: a typo would route nothing, without a word. */
function checkTeamTopics(body: PolicyBody, ctx: z.RefinementCtx): void {
  if (!isRecord(body)) return;
  const known = new Set(
    (Array.isArray(body.topics) ? (body.topics as unknown[]) : defaultPolicy.topics).flatMap((t) =>
      isRecord(t) && typeof t.name === 'string' ? [t.name] : [],
    ),
  );
  const routes: unknown = body.teams;
  if (!Array.isArray(routes)) return;
  routes.forEach((route: unknown, index) => {
    const named: unknown = isRecord(route) ? route.topics : undefined;
    if (!Array.isArray(named)) return;
    named.forEach((topic: unknown, at) => {
      if (typeof topic === 'string' && !known.has(topic)) {
        ctx.addIssue({
          code: 'custom',
          path: ['teams', index, 'topics', at],
          message: 'must name a topic of topics',
        });
      }
    });
  });
}

/** An advocacy ask for a message that does not even read as positive would thank an unhappy customer. */
function checkAdvocacyThreshold(body: PolicyBody, ctx: z.RefinementCtx): void {
  if (!isRecord(body)) return;
  const minScore: unknown = (body.journeys as Partial<PolicyBody['journeys']> | undefined)?.advocacy
    ?.minScore;
  const positiveAbove: unknown = (body.sentiment as Partial<PolicyBody['sentiment']> | undefined)
    ?.positiveAbove;
  if (typeof minScore !== 'number' || typeof positiveAbove !== 'number') return;
  if (minScore < positiveAbove) {
    ctx.addIssue({
      code: 'custom',
      path: ['journeys', 'advocacy', 'minScore'],
      message: 'must be at least sentiment.positiveAbove',
    });
  }
}

/** The body of `PUT /v1/policy`; a `version` in it is accepted (GET, edit, PUT) but the store assigns the next. */
export const policyBodySchema: z.ZodType<PolicyBody> = object({
  ...bodyShape('publishing'),
  version: z.unknown().optional(),
})
  .superRefine(checkAdvocacyThreshold, evenWithOtherIssues)
  .superRefine(checkGoalNames, evenWithOtherIssues)
  .superRefine(checkHoldoutJourneys, evenWithOtherIssues)
  .superRefine(checkTeamTopics, evenWithOtherIssues)
  .transform(({ version: _ignored, ...body }) => body);

export const policyDocumentSchema: z.ZodType<PolicyDocument> = object({
  version: z
    .number({ error: expecting('a whole number') })
    .int('must be a whole number')
    .positive('must be at least 1'),
  ...bodyShape('stored'),
})
  .superRefine(checkAdvocacyThreshold)
  .superRefine(checkGoalNames);
