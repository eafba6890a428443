import type { ContactContent } from '../contact/types';
import type { TopicScore } from '../topics/topicScore';
import type { CustomerState, CustomerTraits, ServiceCase } from '../customer/customerState';
import { z } from 'zod';
import type { ServiceRecoveryJourneyPolicy } from '../policy/policyDocument';
import { duration, expecting, uniqueList } from '../policy/settingFields';
import type { JourneyEvent } from './journeyEvent';
import type { JourneyTrigger } from './journeyRegistration';
import { journeySettings } from './journeySettings';

/** `journeys.serviceRecovery` in the policy document. */
export const serviceRecoverySettings: z.ZodType<ServiceRecoveryJourneyPolicy> = journeySettings({
  /** How long a case may stay open before the team is alerted again. */
  resolutionSla: duration('positive'),
  /** How long after resolution the satisfaction survey is asked for. */
  surveyAfter: duration('zero'),
  /** Loyalty tiers that get a recovery offer with the apology. */
  offerForTiers: uniqueList(z.string({ error: expecting('a tier name') }).min(1, 'must not be empty'), {
    allowEmpty: true,
  }),
});
export type ServiceRecoverySettings = ServiceRecoveryJourneyPolicy;

/** Why service recovery started: the case the customer workflow opened or is holding open. */
export interface ServiceRecoveryTrigger {
  caseId: string;
  reason: ServiceCase['reason'];
  channel: string;
  disruptionKind?: string;
  /** What the customer said, for the team alert (truncated). */
  text?: string;
  /** What the case is about: the topics its words mention, most negative first, each with its clause's score. */
  topics?: TopicScore[];
}

const ALERT_TEXT_LIMIT = 500;

/**
 * A negative message or a disruption that leaves the customer with an open case starts service recovery.
 * (The case itself is the customer workflow's: one case gathers every unhappy event until it is resolved.)
 */
export const serviceRecoveryTrigger: JourneyTrigger<ServiceRecoveryTrigger, ServiceRecoverySettings> = ({
  event,
  after,
}) => {
  const unhappy =
    event.type === 'disruption' || (event.type === 'message' && event.sentiment?.label === 'negative');
  const openCase = after.openCases[0];
  if (!unhappy || !openCase) return undefined;
  return {
    caseId: openCase.caseId,
    reason: openCase.reason,
    channel: event.channel,
    ...(openCase.disruptionKind !== undefined ? { disruptionKind: openCase.disruptionKind } : {}),
    ...(event.text ? { text: event.text.slice(0, ALERT_TEXT_LIMIT) } : {}),
    ...(topicsOf(event).length > 0 ? { topics: topicsOf(event) } : {}),
  };
};

/** The event's topics, most negative first. */
function topicsOf(event: JourneyEvent): TopicScore[] {
  return [...(event.sentiment?.topics ?? [])].sort((a, b) => a.score - b.score);
}

/** "delay (-0.62), customer_service (-0.48)": the topics as the team alert names them. */
export function describeTopics(topics: readonly TopicScore[]): string {
  return topics.map((t) => `${t.name} (${t.score.toFixed(2)})`).join(', ');
}

/** After a recovery ends, a complaint it deferred still deserves one if its case is still open. */
export function caseStillOpen(trigger: unknown, state: CustomerState): boolean {
  const caseId = (trigger as Partial<ServiceRecoveryTrigger> | undefined)?.caseId;
  return state.openCases.some((c) => c.caseId === caseId);
}

/** case_resolved names its case; one without a caseId resolves every open case (as in the customer state). */
export function resolvesCase(event: JourneyEvent, caseId: string): boolean {
  if (event.type !== 'case_resolved') return false;
  const resolved = event.properties.caseId;
  return resolved === undefined || resolved === caseId;
}

/** High-value tiers get an offer with the apology (policy `offerForTiers`). */
export function recoveryOfferFor(
  traits: CustomerTraits,
  settings: Pick<ServiceRecoverySettings, 'offerForTiers'>,
): { kind: 'goodwill'; tier: string } | undefined {
  const tier = typeof traits.tier === 'string' ? traits.tier : undefined;
  return tier !== undefined && settings.offerForTiers.includes(tier) ? { kind: 'goodwill', tier } : undefined;
}

/** The apology: a template and its data; the brand's messaging system renders it. */
export function apologyContent(
  trigger: ServiceRecoveryTrigger,
  offer: ReturnType<typeof recoveryOfferFor>,
): ContactContent {
  return {
    template:
      trigger.reason === 'disruption' ? 'service-recovery-disruption-apology' : 'service-recovery-apology',
    data: {
      caseId: trigger.caseId,
      ...(trigger.disruptionKind !== undefined ? { disruptionKind: trigger.disruptionKind } : {}),
      ...(offer ? { offer } : {}),
    },
  };
}
