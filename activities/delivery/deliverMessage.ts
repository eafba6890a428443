import { appendToCustomerList } from '../../storage/customerLists';
import { encodeFreeForm } from '../../storage/freeForm';
import type { Models } from '../../storage/models';
import { storeWrite } from '../../storage/writeFailure';
import { chooseAdapter } from './chooseAdapter';
import { deliveryLog } from './deliveryLog';
import type { DeliveryConfig } from '../../platform/config';
import type { DeliveryAdapter, DeliveryReceipt, OutboundMessage } from './outboundMessage';
import { postWebhook } from './postWebhook';
import { renderForDelivery, withRenderedContent } from './renderContent';
import type { RenderContentModels } from './renderContent';
import { createSmtpSender } from './smtpSender';
import { createMessageTracking } from './messageTracking';
import { trackingSecretSource } from '../../storage/trackingSecret';

export interface DeliverMessageDependencies {
  models: Pick<Models, 'outbox' | 'customerLists'> & RenderContentModels;
  config: DeliveryConfig;
  /** Injectable for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

/**
 * The `deliverMessage` activity. The outbox document (`_id` = messageId) is written before anything is sent
 * and marked delivered after; it is the delivery log, and with no adapter configured, the delivery itself.
 * Its messageId goes to the customer's list of messages (storage/customerLists.ts), where the outbox route
 * finds it — recordDecisions lists it too, but a delivery can be written before its decision is mirrored.
 *
 * Exactly-once, as far as each adapter allows (docs/DELIVERY.md): a message the outbox records as delivered
 * is never sent again; a webhook retry carries the same Idempotency-Key so the receiver can drop it; SMTP
 * has no such key, so a crash between the relay's acceptance and the outbox update resends once.
 */
export function createDeliverMessage(deps: DeliverMessageDependencies) {
  const log = deliveryLog(deps.models.outbox.collection);
  const fetchImpl = deps.fetch ?? fetch;

  type Sender = (message: OutboundMessage) => Promise<{ providerMessageId?: string }>;
  const { webhook } = deps.config;
  // Tracked links, open pixel and List-Unsubscribe (docs/TRACKING.md), when the configuration asks for them.
  const tracking = deps.config.tracking
    ? createMessageTracking({
        publicUrl: deps.config.tracking.publicUrl,
        secret: trackingSecretSource(deps.models.outbox.db, deps.config.tracking.secret),
      })
    : undefined;
  // Only configured adapters get a sender; chooseAdapter never picks another.
  const senders: Record<DeliveryAdapter, Sender | undefined> = {
    outbox: () => Promise.resolve({}),
    webhook: webhook
      ? async (message) => {
          await postWebhook({
            url: webhook.url,
            body: JSON.stringify(message),
            idempotencyKey: message.messageId,
            secret: webhook.secret,
            fetch: fetchImpl,
          });
          return {};
        }
      : undefined,
    smtp: deps.config.smtp
      ? createSmtpSender(deps.config.smtp, { unsubscribeUrl: tracking?.unsubscribeUrl })
      : undefined,
  };

  return async function deliverMessage(decided: OutboundMessage): Promise<DeliveryReceipt> {
    // A stored template is rendered first (docs/TEMPLATES.md), then its links are tracked (docs/TRACKING.md;
    // the same links on a retry): what is logged, kept in the outbox and sent is that message.
    const rendered = withRenderedContent(decided, await renderForDelivery(decided, deps.models));
    const message = tracking ? await tracking.track(rendered) : rendered;
    const adapter = chooseAdapter(message.channel, deps.config);
    const now = new Date();
    const entry = await log.begin({
      _id: message.messageId,
      workspace: message.workspace,
      customerId: message.customerId,
      requestId: message.requestId,
      channel: message.channel,
      category: message.category,
      ...(message.campaign !== undefined ? { campaign: message.campaign } : {}),
      priority: message.priority,
      // What the sender chose (`content.data` above all) may hold keys or arrays storage cannot take as they are.
      content: encodeFreeForm(message.content),
      recipient: encodeFreeForm(message.recipient),
      decidedAt: new Date(message.decidedAt),
      adapter,
      createdAt: now,
      updatedAt: now,
    });
    // On every attempt, before the send (the append is idempotent): whichever attempt wrote the outbox
    // document, the message ends up listed.
    await storeWrite(`List of messages of customer ${message.customerId}`, () =>
      appendToCustomerList(deps.models, 'messages', message.workspace, message.customerId, [
        message.messageId,
      ]),
    );
    if (entry.status === 'delivered') {
      return {
        messageId: message.messageId,
        adapter: entry.adapter as DeliveryAdapter,
        status: 'already_delivered',
        deliveredAt: (entry.deliveredAt ?? entry.updatedAt).toISOString(),
        ...(entry.providerMessageId ? { providerMessageId: entry.providerMessageId } : {}),
      };
    }
    try {
      const sender = senders[adapter];
      if (!sender) throw new Error(`No ${adapter} adapter is configured`);
      const { providerMessageId } = await sender(message);
      const deliveredAt = new Date();
      await log.delivered(message.messageId, { adapter, deliveredAt, providerMessageId });
      return {
        messageId: message.messageId,
        adapter,
        status: 'delivered',
        deliveredAt: deliveredAt.toISOString(),
        ...(providerMessageId ? { providerMessageId } : {}),
      };
    } catch (error) {
      await log.failed(message.messageId, error);
      throw error;
    }
  };
}
