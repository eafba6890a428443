import type { CustomerState, CustomerTraits, NegativeTopic, ServiceCase } from './customerState';
import type { SentimentTrend } from './sentimentSummary';
import type { SentimentLabel } from '../sentiment/sentimentResult';
import type { ActiveJourney } from '../journeys/journeysState';
import { activeJourneyNames } from '../journeys/journeysState';
import type { CustomerGroups } from '../holdout/customerGroups';
import { customerGroups } from '../holdout/customerGroups';
import type { HoldoutPolicy } from '../policy/policyDocument';

/** The customer as the API and the `state` query show it (docs/DESIGN.md, `GET /v1/customers/{id}`). */
export interface CustomerView {
  customerId: string;
  traits: CustomerTraits;
  sentiment: { score: number; label: SentimentLabel; trend: SentimentTrend; lastAt: string | null };
  openCases: ServiceCase[];
  /** Names of the journeys the customer is in (as in the ActiveJourneys search attribute). */
  activeJourneys: string[];
  /** The same journeys in detail: workflow id (to open in the Temporal UI), run number, start and trigger. */
  journeys: ActiveJourney[];
  consent: Record<string, string>;
  /** Channel → category → opted_in | opted_out: unsubscribes from one category, complaints. When any. */
  categoryConsent?: Record<string, Record<string, string>>;
  /** Channels whose address hard-bounced: since when, and which message. When any. */
  unreachable?: Record<string, { since: string; messageId: string }>;
  counts: Record<string, number>;
  /** The newest topics the customer spoke of negatively, newest last. When any. */
  negativeTopics?: NegativeTopic[];
  lastEventAt: string | null;
  version: number;
  /** Holdout groups under the policy the workflow last read (domain/holdout). */
  groups: CustomerGroups;
}

export function toCustomerView(state: CustomerState, holdout?: HoldoutPolicy): CustomerView {
  // fromEntries defines own properties: an assignment `consent[channel] = …` would treat a channel named
  // "__proto__" (which older states may hold) as the prototype link.
  const consent: Record<string, string> = Object.fromEntries(
    Object.entries(state.consent).flatMap(([channel, record]) => (record ? [[channel, record.status]] : [])),
  );
  return {
    customerId: state.customerId,
    traits: state.traits,
    sentiment: {
      score: state.sentiment.score,
      label: state.sentiment.label,
      trend: state.sentiment.trend,
      lastAt: state.sentiment.lastAt ?? null,
    },
    openCases: state.openCases,
    activeJourneys: activeJourneyNames(state.journeys),
    journeys: state.journeys.active,
    consent,
    ...engagementEffects(state),
    counts: { ...state.counts },
    ...(state.negativeTopics && state.negativeTopics.length > 0
      ? { negativeTopics: state.negativeTopics }
      : {}),
    lastEventAt: state.lastEventAt ?? null,
    version: state.version,
    groups: customerGroups(state, state.journeys.active, holdout),
  };
}

function engagementEffects(state: CustomerState): Pick<CustomerView, 'categoryConsent' | 'unreachable'> {
  const unreachable = Object.entries(state.unreachable ?? {}).flatMap(
    ([channel, record]): [string, { since: string; messageId: string }][] =>
      record ? [[channel, { since: record.since, messageId: record.messageId }]] : [],
  );
  const categoryConsent = Object.entries(state.categoryConsent ?? {}).flatMap(
    ([channel, byCategory]): [string, Record<string, string>][] => {
      const statuses = Object.entries(byCategory ?? {}).flatMap(([c, r]): [string, string][] =>
        r ? [[c, r.status]] : [],
      );
      return statuses.length > 0 ? [[channel, Object.fromEntries(statuses)]] : [];
    },
  );
  return {
    ...(categoryConsent.length > 0 ? { categoryConsent: Object.fromEntries(categoryConsent) } : {}),
    ...(unreachable.length > 0 ? { unreachable: Object.fromEntries(unreachable) } : {}),
  };
}
