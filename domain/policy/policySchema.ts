import { IANAZone } from 'luxon';
import { z } from 'zod';
import { CATEGORIES, CHANNELS, MARKETING_CATEGORIES } from '../contact/types';
import { isClockTimeText } from './clockTime';
import { durationMs, isDurationText, parseDuration } from './duration';
import type { PolicyBody, PolicyDocument } from './policyDocument';

/** Longer windows would make the contact ledger, which must reach back that far, too long to carry around. */
export const MAX_POLICY_DURATION = '365d';
export const MAX_CAPS = 50;
const CAP_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/**
 * Names of journeys and of a journey's own settings: they become keys of the stored policy document, and a
 * journey's name part of workflow ids, so letters, digits, `_` and `-`, starting with a letter.
 */
const SETTING_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const SETTING_NAME_RULE = 'must be 1–64 characters of A–Z a–z 0–9 _ -, starting with a letter';
const maxDurationMs = parseDuration(MAX_POLICY_DURATION);

/** The message for a wrong value, or "is required" when the field is missing altogether. */
const expecting =
  (what: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'is required' : `must be ${what}`;

const listOf = (values: readonly string[]): string => values.join(', ');

const object = <Shape extends z.core.$ZodLooseShape>(shape: Shape) =>
  z.strictObject(shape, { error: expecting('an object') });

/**
 * Cross-field checks run even when other fields are wrong, so one round trip shows every problem. Their
 * input may then be anything a client sent (`"caps": 5`, `"quietHours": null`), which is why each one looks
 * before it compares.
 */
const evenWithOtherIssues = { when: () => true };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function duration(minimum: 'zero' | 'positive') {
  const hint = 'a duration such as "90s", "15m", "24h" or "7d"';
  return z.string({ error: expecting(hint) }).superRefine((text, ctx) => {
    const problem = durationProblem(text, minimum);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** What is wrong with a duration text, if anything: its form, zero where that means nothing, or its length. */
function durationProblem(text: string, minimum: 'zero' | 'positive'): string | undefined {
  if (!isDurationText(text)) return 'must be a duration such as "90s", "15m", "24h" or "7d"';
  const ms = durationMs(text);
  if (ms === undefined || ms > maxDurationMs) return `must be at most ${MAX_POLICY_DURATION}`;
  if (minimum === 'positive' && ms === 0) return 'must be longer than zero';
  return undefined;
}

const clockTime = z
  .string({ error: expecting('a time of day HH:MM') })
  .refine(isClockTimeText, 'must be a time of day HH:MM, from "00:00" to "23:59"');

const score = (what: string) =>
  z
    .number({ error: expecting(`a number (${what})`) })
    .min(-1, 'must be at least -1')
    .max(1, 'must be at most 1');

const flag = z.boolean({ error: expecting('true or false') });

/** A non-empty list without repeats: an empty list would read as "covers nothing", not "covers all". */
function uniqueList<T extends string>(item: z.ZodType<T>, { allowEmpty }: { allowEmpty: boolean }) {
  return z.array(item, { error: expecting('a list') }).superRefine((items, ctx) => {
    if (!allowEmpty && items.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'must not be empty: leave the field out to cover everything' });
    }
    items.forEach((value, index) => {
      if (items.indexOf(value) !== index) {
        ctx.addIssue({ code: 'custom', path: [index], message: `repeats ${JSON.stringify(value)}` });
      }
    });
  });
}

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
  .superRefine((list: unknown, ctx) => {
    if (!Array.isArray(list)) return;
    const firstIndexByName = new Map<string, number>();
    list.forEach((item, index) => {
      const name: unknown = (item as { name?: unknown } | undefined)?.name;
      if (typeof name !== 'string') return;
      const first = firstIndexByName.get(name);
      if (first === undefined) firstIndexByName.set(name, index);
      else
        ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `repeats the name of caps.${first}` });
    });
  }, evenWithOtherIssues);

const quietHours = object({
  start: clockTime,
  end: clockTime,
  defaultTimeZone: z
    .string({ error: expecting('an IANA time zone such as Europe/Paris') })
    .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as Europe/Paris'),
  categories: uniqueList(marketingCategory, { allowEmpty: true }),
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
 * Which rules a policy is held to. A new version (`PUT /v1/policy`) must pass every rule. A version already
 * stored is read back with the rules it was published under: rules added since (names a team chose for its
 * journeys and their settings, bounds on their durations) must not make a policy in force unreadable, which
 * would stop every decision of the workspace.
 */
type Strictness = 'publishing' | 'stored';

/**
 * A journey a team wrote (README, "Write a journey"): `enabled` plus its own numbers. Durations are strings
 * such as "60d"; the journey parses what it reads, so any new string written as a duration is held to the
 * same bounds as the policy's own.
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
 * Names a team chose are checked on the raw object: zod's own copy silently drops a `__proto__` key, and
 * `$`, `.` or NUL in a key could not be stored as the policy document.
 */
function withSafeNames<T extends z.ZodType>(schema: T, what: string) {
  return z.preprocess((value, ctx) => {
    if (!isRecord(value)) return value;
    for (const key of Object.keys(value)) {
      if (!SETTING_NAME_PATTERN.test(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${what} ${SETTING_NAME_RULE}` });
      }
    }
    return value;
  }, schema);
}

function journeys(strictness: Strictness) {
  const schema = object({
    serviceRecovery: object({
      enabled: flag,
      resolutionSla: duration('positive'),
      surveyAfter: duration('zero'),
      offerForTiers: uniqueList(z.string({ error: expecting('a tier name') }).min(1, 'must not be empty'), {
        allowEmpty: true,
      }),
    }),
    advocacy: object({
      enabled: flag,
      askAfter: duration('zero'),
      minScore: score('-1 to 1'),
    }),
    cartRecovery: object({
      enabled: flag,
      firstReminderAfter: duration('zero'),
      secondChannelAfter: duration('zero'),
    }),
  }).catchall(customJourney(strictness));
  return strictness === 'stored' ? schema : withSafeNames(schema, 'is not a valid journey name: it');
}

const bodyShape = (strictness: Strictness) => ({
  caps,
  quietHours,
  exclusions,
  sentiment,
  journeys: journeys(strictness),
});

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
  .transform(({ version: _ignored, ...body }) => body);

export const policyDocumentSchema: z.ZodType<PolicyDocument> = object({
  version: z
    .number({ error: expecting('a whole number') })
    .int('must be a whole number')
    .positive('must be at least 1'),
  ...bodyShape('stored'),
}).superRefine(checkAdvocacyThreshold);
