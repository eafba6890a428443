import type { z } from 'zod';
import type { AdvocacyJourneyPolicy } from '../policy/policyDocument';
import { duration, score } from '../policy/settingFields';
import type { JourneyEvent } from './journeyEvent';
import type { JourneyTrigger } from './journeyRegistration';
import { journeySettings } from './journeySettings';

/** `journeys.advocacy` in the policy document. */
export const advocacySettings: z.ZodType<AdvocacyJourneyPolicy> = journeySettings({
  /** How long after the delighted message the ask goes out. */
  askAfter: duration('zero'),
  /** The score a public message must reach to start advocacy (at least the policy's positiveAbove). */
  minScore: score('-1 to 1'),
});
export type AdvocacySettings = AdvocacyJourneyPolicy;

export interface AdvocacyTrigger {
  /** Where the customer said it: review or social. */
  channel: string;
  score: number;
}

/** Channels where a delighted customer is speaking in public: the moment to ask them to say it again. */
const PUBLIC_CHANNELS = ['review', 'social'];

/** What counts as acting on the ask: a new public post, or an event the brand marks as advocacy. */
const ADVOCACY_ACTIONS = ['review', 'testimonial', 'referral'];

/**
 * How long after the ask goes out a review, testimonial or referral still earns the thank-you. Behaviour of
 * this journey rather than a tuning knob, so it lives here and not in the policy document.
 */
export const ADVOCACY_ACTION_WINDOW = '7d';

/** Re-entry: a customer is asked for advocacy at most once per this period, however delighted. */
export const ADVOCACY_REENTRY_AFTER = '30d';

/**
 * A strongly positive review or social message (score ≥ `minScore`) from a customer with no open case
 * starts advocacy.
 */
export const advocacyTrigger: JourneyTrigger<AdvocacyTrigger, AdvocacySettings> = ({
  event,
  after,
  settings,
}) => {
  if (event.type !== 'message' || !PUBLIC_CHANNELS.includes(event.channel)) return undefined;
  const score = event.sentiment?.score;
  if (score === undefined || score < settings.minScore) return undefined;
  if (after.openCases.length > 0) return undefined;
  return { channel: event.channel, score };
};

/** Advocacy ends at once on a negative event or a disruption: never ask an unhappy customer for a review. */
export function cancelsAdvocacy(event: JourneyEvent): 'negative_event' | 'disruption' | undefined {
  if (event.type === 'disruption') return 'disruption';
  return event.sentiment?.label === 'negative' ? 'negative_event' : undefined;
}

/**
 * The customer acted on the ask: a non-negative message on a public channel, or any event whose
 * `properties.advocacy` names an action (review, testimonial, referral).
 */
export function isAdvocacyAction(event: JourneyEvent): boolean {
  if (typeof event.properties.advocacy === 'string' && ADVOCACY_ACTIONS.includes(event.properties.advocacy)) {
    return true;
  }
  return (
    event.type === 'message' &&
    PUBLIC_CHANNELS.includes(event.channel) &&
    event.sentiment?.label !== 'negative'
  );
}
