import { teamForTopics } from '../../domain/topics/teamForTopics';
import type { AlertModel } from '../../storage/models/alert';
import type { PolicyReader } from '../policy/currentPolicy';
import type { DeliveryConfig } from '../../platform/config';
import { deliveryLog } from './deliveryLog';
import { postWebhook } from './postWebhook';
import { slackAlertPayload } from './slackAlertPayload';
import type { AlertReceipt, TeamAlert } from './teamAlert';

export interface SendTeamAlertDependencies {
  models: { alerts: AlertModel };
  config: DeliveryConfig;
  /** Reads the workspace's `teams`, which route an alert about their topics to their own webhook. */
  readPolicy?: PolicyReader;
  /** Injectable for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

/**
 * The `sendTeamAlert` activity: records the alert (`_id` = alertId) in the alerts collection, then posts it
 * in Slack's format with `Idempotency-Key: <alertId>` — to the webhook of the team that owns its first owned
 * topic (policy `teams`), else to TUTTI_ALERT_WEBHOOK_URL. Without a URL the collection is the destination.
 * An alert recorded as delivered is not posted again.
 */
export function createSendTeamAlert(deps: SendTeamAlertDependencies) {
  const log = deliveryLog(deps.models.alerts.collection);
  const fetchImpl = deps.fetch ?? fetch;
  return async function sendTeamAlert(alert: TeamAlert): Promise<AlertReceipt> {
    const team =
      alert.topics && alert.topics.length > 0 && deps.readPolicy
        ? teamForTopics(alert.topics, (await deps.readPolicy(alert.workspace)).teams)
        : undefined;
    const url = team?.webhook ?? deps.config.alertWebhookUrl;
    const adapter = url ? 'webhook' : 'alerts';
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
      ...(alert.topics !== undefined ? { topics: alert.topics } : {}),
      ...(team ? { team: team.name } : {}),
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
        ...(team ? { team: team.name } : {}),
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
      return {
        alertId: alert.alertId,
        adapter,
        status: 'delivered',
        deliveredAt: deliveredAt.toISOString(),
        ...(team ? { team: team.name } : {}),
      };
    } catch (error) {
      await log.failed(alert.alertId, error);
      throw error;
    }
  };
}
