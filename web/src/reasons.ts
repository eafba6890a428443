/**
 * Reason codes (docs/DESIGN.md, "Contact requests"; api/openapi/responseSchemas.ts) in words a marketer or an
 * ops lead reads at a glance. The code stays beside it: it is what the API, the filters and the docs use.
 */
const DESCRIPTIONS: Record<string, string> = {
  ok: 'Nothing stood in the way',
  open_case: 'The customer has an open support case',
  disruption: 'A disruption hit the customer recently',
  negative_sentiment: 'The customer has been unhappy lately',
  opted_out: 'The customer opted out of this channel or category',
  unreachable: 'The address on this channel bounced',
  quiet_hours: 'Quiet hours where the customer is',
  lower_priority: 'A message of higher priority took the slot',
  not_before: 'Asked not to go out before a later time',
  optimal_time: 'Waiting for the customer’s best hour',
  expired: 'It would have been allowed only after it expired',
  duplicate: 'The same message was already asked for',
  holdout: 'Held out: the customer is in a control group',
  withdrawn: 'Taken back by the journey that asked for it',
  template_error: 'Its template could not be rendered',
};

const CAP = 'frequency_cap';

/** What a reason code means, in a phrase; an unknown code is shown as it is. */
export function describeReason(code: string): string {
  if (code === CAP) return 'A frequency cap was reached';
  if (code.startsWith(`${CAP}:`)) return `Frequency cap “${code.slice(CAP.length + 1)}” reached`;
  return DESCRIPTIONS[code] ?? code;
}

/** The reasons a filter offers, in the order a person looks for them: the everyday blockers first. */
export const REASON_FILTERS: readonly string[] = [
  'ok',
  CAP,
  'quiet_hours',
  'open_case',
  'disruption',
  'negative_sentiment',
  'opted_out',
  'unreachable',
  'holdout',
  'lower_priority',
  'optimal_time',
  'not_before',
  'expired',
  'duplicate',
  'withdrawn',
  'template_error',
];

/** The channels a decision can be about (contact requests; docs/DESIGN.md). */
export const CONTACT_CHANNELS: readonly string[] = ['email', 'sms', 'push', 'webhook'];
