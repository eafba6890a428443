import type { CapPolicy } from '../policy/policyDocument';
import type { Category } from './category';
import type { Channel } from './channel';

/**
 * Transactional is never capped. Service is capped only by caps that name it, so a channel-wide marketing
 * cap such as "sms 1 per 24h" cannot hold back an apology; only the safety cap can.
 */
export function capCovers(cap: CapPolicy, channel: Channel, category: Category): boolean {
  if (category === 'transactional') return false;
  if (cap.channels !== undefined && !cap.channels.includes(channel)) return false;
  if (cap.categories !== undefined) return cap.categories.includes(category);
  return category !== 'service';
}
