/** Why an exclusion holds; each one suppresses outright the categories the policy's exclusions name. */
export type ExclusionReason = 'open_case' | 'disruption' | 'negative_sentiment';

export type CapReason = `frequency_cap:${string}`;

/** Why something waits: the constraint that stood in its way at the time it was looked at. */
export type BlockingReason = 'quiet_hours' | CapReason | 'lower_priority';

export type ReasonCode =
  'ok' | ExclusionReason | BlockingReason | 'opted_out' | 'not_before' | 'expired' | 'duplicate';

export function capReason(capName: string): CapReason {
  return `frequency_cap:${capName}`;
}
