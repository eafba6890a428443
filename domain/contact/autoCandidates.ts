import { isOptedOut, isUnreachable } from './reachability';
import type { Category, Channel, ContactContext } from './types';
import { CHANNELS } from './types';

/** The channels "auto" may choose among, and, when there are none, the truthful reason why. */
export interface AutoCandidates {
  channels: Channel[];
  none?: 'unreachable' | 'opted_out';
}

/**
 * The channels `"channel": "auto"` may use for a message of `category`: those the customer has an address for,
 * whose address has not hard-bounced and, unless the message is transactional, that the customer has not
 * opted out of (the channel, or the category on it): the checks a fixed channel meets in decidePending. With
 * `restrictTo` (the request's `candidates`), only those. None: `opted_out` when some addressed, reachable
 * channel was refused only by the customer's word, else `unreachable`.
 */
export function autoCandidates(
  ctx: ContactContext,
  category: Category,
  restrictTo?: readonly Channel[],
): AutoCandidates {
  const reachable = CHANNELS.filter(
    (channel) =>
      ctx.addressed?.[channel] === true &&
      !isUnreachable(ctx, channel) &&
      (restrictTo === undefined || restrictTo.includes(channel)),
  );
  const channels = reachable.filter(
    (channel) => category === 'transactional' || !isOptedOut(ctx, channel, category),
  );
  if (channels.length > 0) return { channels };
  return { channels: [], none: reachable.length > 0 ? 'opted_out' : 'unreachable' };
}
