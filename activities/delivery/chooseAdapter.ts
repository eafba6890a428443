import type { DeliveryConfig } from '../../platform/config';
import type { DeliveryAdapter, DeliveryChannel } from './outboundMessage';

/**
 * The adapter for a channel under this configuration. Email goes to SMTP; webhook, sms and push go to the
 * webhook, which relays sms and push to the customer's own provider. Anything unconfigured lands in the
 * outbox collection, which is then the delivery itself.
 */
export function chooseAdapter(channel: DeliveryChannel, config: DeliveryConfig): DeliveryAdapter {
  if (channel === 'email') return config.smtp ? 'smtp' : 'outbox';
  return config.webhook ? 'webhook' : 'outbox';
}
