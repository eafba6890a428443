/** The channels a contact request may use (docs/DESIGN.md, contact requests). */
export type DeliveryChannel = 'email' | 'sms' | 'push' | 'webhook';

/** Where a message was handed over: the embedded outbox collection, the customer's webhook, or SMTP. */
export type DeliveryAdapter = 'outbox' | 'webhook' | 'smtp';

/**
 * One message the customer workflow decided to send. `messageId` is generated in the workflow and is the
 * idempotency key of every delivery attempt: the outbox `_id`, the webhook `Idempotency-Key`, the email
 * `Message-ID`.
 */
export interface OutboundMessage {
  workspace: string;
  customerId: string;
  messageId: string;
  requestId: string;
  channel: DeliveryChannel;
  category: string;
  campaign?: string;
  priority: number;
  content: { subject?: string; body?: string; template?: string; data?: Record<string, unknown> };
  recipient: { email?: string; name?: string; locale?: string };
  /** ISO 8601. */
  decidedAt: string;
}

export interface DeliveryReceipt {
  messageId: string;
  adapter: DeliveryAdapter;
  /** `already_delivered`: an earlier attempt delivered it; nothing was sent this time. */
  status: 'delivered' | 'already_delivered';
  /** ISO 8601: when the message was first delivered. */
  deliveredAt: string;
  providerMessageId?: string;
}
