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
  /**
   * As requested; after rendering (renderContent.ts) a stored template's parts replace `subject` and `body` (its
   * text), `html` holds its html, and `templateVersion` the version rendered.
   */
  content: {
    subject?: string;
    body?: string;
    html?: string;
    template?: string;
    templateVersion?: number;
    data?: Record<string, unknown>;
  };
  recipient: { email?: string; name?: string; locale?: string };
  /** ISO 8601. */
  decidedAt: string;
  /**
   * The customer as the workflow knew it when it decided, for the template (`customer` in docs/TEMPLATES.md).
   * Absent: rendering reads the customer read model instead. Never sent on: adapters get the rendered content.
   */
  customer?: OutboundCustomer;
}

export interface OutboundCustomer {
  id: string;
  traits: Record<string, unknown>;
  sentiment: { score: number; label: string; trend: string };
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
