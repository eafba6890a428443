import type { AlertModel } from '../../storage/models/alert';
import type { DeliveryConfig } from '../../platform/config';
import { deliveryLog } from './deliveryLog';
import { postWebhook } from './postWebhook';
import { slackAlertPayload } from './slackAlertPayload';
import type { AlertReceipt, TeamAlert } from './teamAlert';

export interface SendTeamAlertDependencies {
  models: { alerts: AlertModel };
  config: DeliveryConfig;
  /** Injectable for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

/**
 * The `sendTeamAlert` activity: records the alert (`_id` = alertId) in the alerts collection, then posts it
 * in Slack's format to TUTTI_ALERT_WEBHOOK_URL with `Idempotency-Key: <alertId>`. Without a URL the
 * collection is the destination. An alert recorded as delivered is not posted again.
 */
export function createSendTeamAlert(deps: SendTeamAlertDependencies) {
  const log = deliveryLog(deps.models.alerts.collection);
  const fetchImpl = deps.fetch ?? fetch;
  const url = deps.config.alertWebhookUrl;
  const adapter = url ? 'webhook' : 'alerts';

  return async function sendTeamAlert(alert: TeamAlert): Promise<AlertReceipt> {
    const now = new Date();
    const entry = await log.begin({
      _id: alert.alertId,
      workspace: alert.workspace,
      customerId: alert.customerId,
      title: alert.title,
      text: alert.text,
      ...(alert.caseId !== undefined ? { caseId: alert.caseId } : {}),
      severity: alert.severity ?? 'warning',
      ...(alert.link !== undefined ? { link: alert.link } : {}),
      adapter,
      createdAt: now,
      updatedAt: now,
    });
    if (entry.status === 'delivered') {
      return {
        alertId: alert.alertId,
        adapter: entry.adapter as AlertReceipt['adapter'],
        status: 'already_delivered',
        deliveredAt: (entry.deliveredAt ?? entry.updatedAt).toISOString(),
      };
    }
    try {
      if (url) {
        await postWebhook({
          url,
          body: JSON.stringify(slackAlertPayload(alert)),
          idempotencyKey: alert.alertId,
          // Slack ignores the signature; a self-hosted receiver can verify it like a message webhook.
          secret: deps.config.webhook?.secret,
          fetch: fetchImpl,
        });
      }
      const deliveredAt = new Date();
      await log.delivered(alert.alertId, { adapter, deliveredAt });
      return { alertId: alert.alertId, adapter, status: 'delivered', deliveredAt: deliveredAt.toISOString() };
    } catch (error) {
      await log.failed(alert.alertId, error);
      throw error;
    }
  };
}
