import { z } from 'zod';
import { CHANNELS } from '../contact/types';
import { defaultPolicy } from './defaultPolicy';
import type { ChannelsPolicy, SendTimePolicy } from './policyDocument';
import { expecting, object } from './settingFields';

/**
 * `channels` and `sendTime` of the policy (docs/DESIGN.md, "Policy additions"; docs/PERSONALIZATION.md): the
 * fallback order of `"channel": "auto"` and the learning share and shrinkage of `"sendAt": "optimal"`. A policy
 * stored before them reads with the defaults.
 */

/** Explored messages are picked by hashing their id into 10,000 buckets (domain/personalization/exploration.ts). */
const EXPLORE_STEPS = 100;
/** Beyond this, the workspace's hours would outweigh even a customer with months of daily opens. */
export const MAX_PRIOR_STRENGTH = 1000;

const channel = z.enum(CHANNELS, { error: expecting(`one of ${CHANNELS.join(', ')}`) });

const fallbackOrder = z
  .array(channel, { error: expecting('a list of channels, the first tried first') })
  .min(1, 'must name at least one channel')
  .superRefine((items, ctx) => {
    items.forEach((value, index) => {
      if (items.indexOf(value) !== index) {
        ctx.addIssue({ code: 'custom', path: [index], message: `repeats ${JSON.stringify(value)}` });
      }
    });
  });

/** `channels`: absent (a policy from before "auto"), email, then push, then SMS. */
export const channels: z.ZodType<ChannelsPolicy, unknown> = object({ fallbackOrder }).default(() => ({
  fallbackOrder: [...defaultPolicy.channels.fallbackOrder],
}));

/** `sendTime`: absent (a policy from before "optimal"), 10 % explore and k = 5. */
export const sendTime: z.ZodType<SendTimePolicy, unknown> = object({
  explorePercent: z
    .number({ error: expecting('a percentage from 0 to 100') })
    .min(0, 'must be at least 0')
    .max(100, 'must be at most 100')
    .refine(
      (value) => Math.abs(value * EXPLORE_STEPS - Math.round(value * EXPLORE_STEPS)) < 1e-6,
      'must be in steps of 0.01 (messages are split into 10,000 buckets)',
    ),
  priorStrength: z
    .number({ error: expecting('a number of engagements (k in n / (n + k))') })
    .min(0, 'must be at least 0')
    .max(MAX_PRIOR_STRENGTH, `must be at most ${MAX_PRIOR_STRENGTH}`),
}).default(() => ({ ...defaultPolicy.sendTime }));
