import type { EngagementProperties } from '../events/engagement';
import type { TrackingClaims } from './trackingClaims';

/**
 * The engagement a hit on a tracking link records (docs/DESIGN.md, "Engagement and conversions"): a click
 * with the URL it went to, an open, or an unsubscribe from the message's category only (leaving a newsletter
 * is not leaving receipts). `machine` speaks of opens and clicks; an unsubscribe is a person's word however it
 * arrives (RFC 8058's one-click POST comes from the mailbox provider's servers).
 */
export function trackingEngagement(claims: TrackingClaims, machine: boolean): EngagementProperties {
  switch (claims.kind) {
    case 'click':
      return {
        messageId: claims.messageId,
        action: 'clicked',
        ...(claims.url !== undefined ? { url: claims.url } : {}),
        ...(machine ? { machine: true } : {}),
      };
    case 'open':
      return { messageId: claims.messageId, action: 'opened', ...(machine ? { machine: true } : {}) };
    case 'unsubscribe':
      return { messageId: claims.messageId, action: 'unsubscribed', category: claims.category };
  }
}
