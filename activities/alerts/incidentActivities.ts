import { ApplicationFailure } from '@temporalio/common';
import type { Collection } from 'mongoose';
import type { RuleEvaluation } from '../../domain/alerts/alertRule';
import type { IncidentDocument } from '../../storage/models/incident';
import { HOUR_MS } from '../../domain/alerts/alertRule';
import { openingMessage, resolvedMessage } from '../../domain/alerts/incidentMessage';
import type { Incident } from '../../domain/alerts/incidents';
import { incidentsToKeep } from '../../domain/alerts/incidents';
import type { PolicyDocument } from '../../domain/policy';
import { parseDuration } from '../../domain/policy/duration';
import type { DeliveryConfig } from '../../platform/config';
import { isDuplicateKey } from '../../storage/insertNew';
import type { Models } from '../../storage/models';
import { readCurrentPolicy } from '../../storage/policyStore';
import { withBusyRetry } from '../../storage/withBusyRetry';
import { postWebhook } from '../delivery/postWebhook';
import { incidentSlackPayload } from './incidentSlackPayload';
import { readIncidentExamples } from './incidentExamples';

export interface IncidentActivityDependencies {
  models: Models;
  config: DeliveryConfig;
  /** Injectable for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

/** The incident's `_id`: workspace names never contain ":". */
export function incidentKey(workspace: string, id: string): string {
  return `${workspace}:${id}`;
}

/**
 * The activities that make an incident known: `openIncident` stores it (with the numbers and a few example
 * verbatims) and posts the alert, `closeIncident` records its close and posts "resolved", `reopenIncident`
 * marks a closed one open again (no message: it is the same incident). Each is idempotent: the store records
 * what was delivered, and a notice recorded as delivered is never posted again; a retry that crashed between
 * posting and recording posts again with the same `Idempotency-Key`, as team alerts do.
 *
 * Where it goes: the webhook of the team that owns the topic (policy `teams`), else TUTTI_ALERT_WEBHOOK_URL,
 * else nowhere (the store is the destination).
 */
export function createIncidentActivities(deps: IncidentActivityDependencies) {
  const collection = deps.models.incidents.collection as unknown as Collection<IncidentDocument>;
  const fetchImpl = deps.fetch ?? fetch;

  function routeOf(policy: PolicyDocument, topic: string | undefined) {
    const team = topic === undefined ? undefined : policy.teams.find((t) => t.topics.includes(topic));
    return { team: team?.name, url: team?.webhook ?? deps.config.alertWebhookUrl };
  }

  async function notify(
    doc: IncidentDocument,
    which: 'opened' | 'resolved',
    url: string | undefined,
    body: string,
  ): Promise<void> {
    const notice = doc[which];
    if (notice?.status === 'delivered') return;
    const adapter = url ? 'webhook' : 'alerts';
    const attempts = (notice?.attempts ?? 0) + 1;
    await update(doc._id, { [which]: { status: 'pending', adapter, attempts } });
    try {
      if (url) {
        await postWebhook({
          url,
          body,
          idempotencyKey: `${doc._id}:${which}`,
          secret: deps.config.webhook?.secret,
          fetch: fetchImpl,
        });
      }
      await update(doc._id, { [which]: { status: 'delivered', adapter, attempts, deliveredAt: new Date() } });
    } catch (error) {
      const final = error instanceof ApplicationFailure && error.nonRetryable;
      const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
      await update(doc._id, {
        [which]: { status: final ? 'failed' : 'pending', adapter, attempts, lastError },
      }).catch(() => undefined);
      throw error;
    }
  }

  async function update(_id: string, $set: Partial<IncidentDocument>): Promise<void> {
    await withBusyRetry(() => collection.updateOne({ _id }, { $set: { ...$set, updatedAt: new Date() } }));
  }

  async function stored(_id: string): Promise<IncidentDocument | null> {
    return withBusyRetry(() => collection.findOne({ _id }));
  }

  return {
    async openIncident(input: {
      workspace: string;
      incident: Incident;
      evaluation: RuleEvaluation;
    }): Promise<void> {
      const { workspace, incident, evaluation } = input;
      const _id = incidentKey(workspace, incident.id);
      const policy = await readCurrentPolicy(deps.models, workspace);
      const route = routeOf(policy, incident.topic);
      let doc = await stored(_id);
      if (!doc) {
        const windowStart = incident.openedAt - parseDuration(evaluation.window) + HOUR_MS;
        const examples = await readIncidentExamples(deps.models, workspace, {
          topic: incident.topic,
          from: new Date(windowStart),
          to: new Date(incident.openedAt + HOUR_MS),
          thresholds: policy.sentiment,
        });
        const message = openingMessage(incident, evaluation, examples, route.team);
        const now = new Date();
        doc = {
          _id,
          workspace,
          incidentId: incident.id,
          kind: incident.kind,
          ...(incident.topic !== undefined ? { topic: incident.topic } : {}),
          openedAt: new Date(incident.openedAt),
          ...(incident.closedAt !== undefined ? { closedAt: new Date(incident.closedAt) } : {}),
          status: incident.closedAt === undefined ? 'open' : 'closed',
          detail: {
            ...numbersOf(evaluation),
            examples,
            ...(route.team !== undefined ? { team: route.team } : {}),
          },
          title: message.title,
          text: message.text,
          createdAt: now,
          updatedAt: now,
        };
        try {
          await withBusyRetry(() => collection.insertOne(doc as IncidentDocument));
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          doc = await stored(_id);
          if (!doc)
            throw new Error(`Incident ${_id} vanished after a duplicate-key insert`, { cause: error });
        }
      }
      const payload = incidentSlackPayload(doc, {
        workspace,
        kind: doc.kind,
        topic: doc.topic,
        resolved: false,
      });
      await notify(doc, 'opened', route.url, JSON.stringify(payload));
    },

    async closeIncident(input: { workspace: string; incident: Incident }): Promise<void> {
      const { workspace, incident } = input;
      if (incident.closedAt === undefined) return;
      const _id = incidentKey(workspace, incident.id);
      const doc = await stored(_id);
      // Never stored (its opening failed for good): there is nothing to resolve.
      if (!doc) return;
      const closedAt = new Date(incident.closedAt);
      await update(_id, { status: 'closed', closedAt });
      const policy = await readCurrentPolicy(deps.models, workspace);
      const message = resolvedMessage(incident);
      const payload = incidentSlackPayload(message, {
        workspace,
        kind: doc.kind,
        topic: doc.topic,
        resolved: true,
      });
      await notify(
        { ...doc, status: 'closed', closedAt },
        'resolved',
        routeOf(policy, doc.topic).url,
        JSON.stringify(payload),
      );
    },

    /**
     * The incidents a workflow starting afresh (not continued as new) should know: the workspace's open ones and
     * the most recently closed, from the store. Without them a workflow restarted in the middle of a long
     * incident (terminated, reset) would announce it again under the id of its first evaluated hour.
     */
    async knownIncidents(input: { workspace: string; maxClosed: number }): Promise<Incident[]> {
      const docs = await withBusyRetry(() =>
        collection
          .find(
            { workspace: input.workspace },
            { projection: { incidentId: 1, kind: 1, topic: 1, openedAt: 1, closedAt: 1 } },
          )
          .toArray(),
      );
      const incidents = docs.map((doc) => ({
        id: doc.incidentId,
        kind: doc.kind,
        ...(doc.topic !== undefined ? { topic: doc.topic } : {}),
        openedAt: doc.openedAt.getTime(),
        ...(doc.closedAt ? { closedAt: doc.closedAt.getTime() } : {}),
      }));
      return incidentsToKeep(incidents, input.maxClosed);
    },

    async reopenIncident(input: { workspace: string; incident: Incident }): Promise<void> {
      const _id = incidentKey(input.workspace, input.incident.id);
      await withBusyRetry(() =>
        collection.updateOne(
          { _id },
          { $set: { status: 'open', updatedAt: new Date() }, $unset: { closedAt: '' } },
        ),
      );
    },
  };
}

/** The numbers an incident keeps (its detail): the evaluation without the verdict, which is always "fires". */
function numbersOf(evaluation: RuleEvaluation): Omit<RuleEvaluation, 'fires'> {
  const { value, mean, sd, threshold, mentions, window, baseline } = evaluation;
  return { value, mean, sd, threshold, mentions, window, baseline };
}
