import type { ConsentStatus } from './contactContext';
import type { ExclusionReason, ReasonCode } from './reasonCode';

/** One cap that covers the message, as it stood when the decision was made. */
export interface CapUsage {
  name: string;
  limit: number;
  window: string;
  /** Sent messages it covers in the window ending at the decision time. */
  sentInWindow: number;
  /** Scheduled messages it covers that rank above this one and go out within one window from now. */
  reservedAhead: number;
}

/** The facts that mattered, so that every decision can be explained afterwards. */
export interface DecisionInputs {
  caps: CapUsage[];
  openCases: number;
  lastDisruptionAt?: number;
  lastNegativeSentimentAt?: number;
  /** Exclusions holding at the decision time, whether or not they apply to this category. */
  activeExclusions: ExclusionReason[];
  consent: ConsentStatus;
  timeZone: string;
  inQuietHours: boolean;
  notBefore?: number;
  /** The expiry applied: the request's own, or the default. */
  expiresAt: number;
  /** For `duplicate`: the message the same request id already produced. */
  duplicateOf?: string;
}

interface DecisionCommon {
  reason: ReasonCode;
  policyVersion: number;
  /**
   * Scheduled messages ranking below this one whose slot it takes. They are no longer scheduled once the
   * decision is applied and must be decided again (settleDecision does that).
   */
  displaces: string[];
  inputs: DecisionInputs;
}

export interface SentDecision extends DecisionCommon {
  decision: 'sent';
  reason: 'ok';
}

export interface ScheduledDecision extends DecisionCommon {
  decision: 'scheduled';
  scheduledFor: number;
  expiresAt: number;
}

export interface SuppressedDecision extends DecisionCommon {
  decision: 'suppressed';
}

export type ContactDecision = SentDecision | ScheduledDecision | SuppressedDecision;
