import type { Category } from '../../domain/contact/types';
import { isMarketing } from '../../domain/contact/types';
import type { TrackingClaims } from '../../domain/tracking/trackingClaims';
import type { MessageParts } from '../../domain/tracking/rewriteLinks';
import { rewriteLinks } from '../../domain/tracking/rewriteLinks';
import { signTrackingToken } from '../../platform/trackingToken';
import type { OutboundMessage } from './outboundMessage';

/** A message's content, with the parts a rendered message may have besides today's `body`. */
type Content = OutboundMessage['content'] & { text?: string; html?: string };

/** The channels whose messages a person reads, and so whose links are tracked; a webhook is the sender's own. */
const TRACKED_CHANNELS: readonly string[] = ['email', 'sms', 'push'];

export interface MessageTracking {
  /** The message as it goes out: links tracked, HTML email with the open pixel (docs/TRACKING.md). */
  track: (message: OutboundMessage) => Promise<OutboundMessage>;
  /** The one-click unsubscribe URL of an email (List-Unsubscribe); none for a message that gets none. */
  unsubscribeUrl: (message: OutboundMessage) => Promise<string | undefined>;
}

/**
 * Tracking for the delivery activity. Tokens are deterministic (an HMAC of the claims), so a retried delivery
 * sends exactly the links the first attempt wrote to the outbox.
 */
export function createMessageTracking(settings: {
  publicUrl: string;
  secret: () => Promise<string>;
}): MessageTracking {
  const base = settings.publicUrl.replace(/\/+$/, '');
  const claimsOf = (
    message: OutboundMessage,
    kind: TrackingClaims['kind'],
    url?: string,
  ): TrackingClaims => ({
    workspace: message.workspace,
    customerId: message.customerId,
    messageId: message.messageId,
    channel: message.channel,
    category: message.category as Category,
    kind,
    ...(url !== undefined ? { url } : {}),
  });

  return {
    async track(message) {
      if (!TRACKED_CHANNELS.includes(message.channel)) return message;
      const secret = await settings.secret();
      const token = (kind: TrackingClaims['kind'], url?: string) =>
        signTrackingToken(secret, claimsOf(message, kind, url));
      const content = message.content as Content;
      const links = {
        base,
        click: (url: string) => `${base}/t/c/${token('click', url)}`,
        ...(message.channel === 'email' && content.html !== undefined
          ? { openPixel: `${base}/t/o/${token('open')}.gif` }
          : {}),
      };
      const tracked: Content = { ...content };
      for (const part of ['body', 'text', 'html'] as const) {
        const value = content[part];
        if (typeof value !== 'string') continue;
        const parts: MessageParts = part === 'html' ? { html: value } : { text: value };
        const rewritten = rewriteLinks(parts, links);
        tracked[part] = part === 'html' ? rewritten.html : rewritten.text;
      }
      return { ...message, content: tracked };
    },

    async unsubscribeUrl(message) {
      if (message.channel !== 'email' || !isMarketing(message.category as Category)) return undefined;
      const secret = await settings.secret();
      return `${base}/t/u/${signTrackingToken(secret, claimsOf(message, 'unsubscribe'))}`;
    },
  };
}
