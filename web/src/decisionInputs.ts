import { describeValue } from './describeValue';
import { formatTime } from './format';

interface CapInput {
  name?: unknown;
  limit?: unknown;
  window?: unknown;
  sentInWindow?: unknown;
  reservedAhead?: unknown;
}

function describeCap(cap: CapInput): string {
  const reserved =
    typeof cap.reservedAhead === 'number' && cap.reservedAhead > 0 ? ` (+${cap.reservedAhead} due)` : '';
  return `${describeValue(cap.name)} ${describeValue(cap.sentInWindow)}/${describeValue(cap.limit)} in ${describeValue(cap.window)}${reserved}`;
}

/**
 * What a decision weighed (caps and their counts, open cases, exclusions, consent, quiet hours …) as short
 * "name: value" phrases a person reads: caps as "used/limit in window", instants as times in the viewer's zone.
 */
export function describeDecisionInputs(inputs: unknown): string[] {
  if (typeof inputs !== 'object' || inputs === null) return [];
  return Object.entries(inputs as Record<string, unknown>).map(([name, value]) => {
    if (name === 'caps' && Array.isArray(value))
      return `caps: ${value.map((c) => describeCap(c as CapInput)).join('; ') || 'none'}`;
    if (/At$/.test(name) && (typeof value === 'number' || typeof value === 'string')) {
      const date = new Date(value);
      if (!Number.isNaN(date.getTime())) return `${name}: ${formatTime(date.toISOString())}`;
    }
    if (Array.isArray(value)) return `${name}: ${value.map(describeValue).join(', ') || 'none'}`;
    return `${name}: ${describeValue(value)}`;
  });
}
