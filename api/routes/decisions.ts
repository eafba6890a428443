import { Router } from 'express';
import { CHANNELS } from '../../domain/contact';
import type { Channel } from '../../domain/contact';
import type { FeedDecision, FeedFilter, FeedPosition } from '../../domain/decisions/decisionFeed';
import { parseCursor } from '../../domain/decisions/decisionFeed';
import { hasLoneSurrogate } from '../../domain/events/wellFormedText';
import { readDecisionPage } from '../../storage/decisionFeed';
import type { NumberedLogModels } from '../../storage/models/numberedLog';
import { callerOf } from '../auth';
import { limitParam } from '../limitParam';
import { validationProblem } from '../problem';

type FeedModels = Pick<NumberedLogModels, 'decisionFeed' | 'logHeads'>;

/** A reason code (`open_case`), or a family with its detail (`frequency_cap:sms-24h`). */
export const REASON_FILTER = /^[a-z][a-z_]{0,63}(?::[^\s:][^\s]{0,127})?$/;
export const MAX_CAMPAIGN_LENGTH = 128;

/**
 * `GET /v1/decisions?reason=&channel=&campaign=&limit=&before=` (member keys): the workspace's newest decisions
 * across customers, from its decision feed (storage/decisionFeed.ts), newest first. The walk back is bounded:
 * `truncated` says it stopped before finding `limit` matching decisions, and `nextBefore` goes on from there.
 * `head` is where `GET /v1/decisions/stream` continues without a gap (send it as `Last-Event-ID`).
 */
export function decisionsRouter(models: FeedModels): Router {
  const router = Router();
  router.get('/v1/decisions', async (req, res) => {
    const limit = limitParam(req.query.limit, 50, 500);
    const filter = feedFilterOf(req.query);
    const before = beforeParam(req.query.before);
    const page = await readDecisionPage(models, callerOf(res).workspace, { filter, limit, before });
    res.json({
      decisions: page.decisions.map(answerOf),
      nextBefore: page.nextBefore,
      truncated: page.truncated,
      head: page.head,
    });
  });
  return router;
}

/** A feed decision as the API answers it: the same fields, in a stable order. */
export function answerOf(d: FeedDecision & { position?: string }): Record<string, unknown> {
  return {
    id: d.id,
    ...(d.position !== undefined ? { position: d.position } : {}),
    customerId: d.customerId,
    messageId: d.messageId,
    decision: d.decision,
    reason: d.reason,
    channel: d.channel,
    category: d.category,
    ...(d.campaign !== undefined ? { campaign: d.campaign } : {}),
    trigger: d.trigger,
    ...(d.journey !== undefined ? { journey: d.journey } : {}),
    decidedAt: d.decidedAt,
    ...(d.scheduledFor !== undefined ? { scheduledFor: d.scheduledFor } : {}),
    policyVersion: d.policyVersion,
  };
}

/** `reason`, `channel` and `campaign` from a query; each absent means "any". */
export function feedFilterOf(query: Record<string, unknown>): FeedFilter {
  const errors: { path: string; message: string }[] = [];
  const text = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') {
      errors.push({ path: name, message: 'must be given once, as text (leave it out for any)' });
      return undefined;
    }
    return value;
  };
  const reason = text('reason');
  if (reason !== undefined && !REASON_FILTER.test(reason)) {
    errors.push({
      path: 'reason',
      message: 'must be a reason code such as open_case, frequency_cap or frequency_cap:sms-24h',
    });
  }
  const channel = text('channel');
  if (channel !== undefined && !(CHANNELS as readonly string[]).includes(channel)) {
    errors.push({ path: 'channel', message: `must be one of ${CHANNELS.join(', ')}` });
  }
  const campaign = text('campaign');
  if (campaign !== undefined && (campaign.length > MAX_CAMPAIGN_LENGTH || hasLoneSurrogate(campaign))) {
    errors.push({
      path: 'campaign',
      message: `must be well-formed text of at most ${MAX_CAMPAIGN_LENGTH} characters`,
    });
  }
  if (errors.length > 0) throw validationProblem('The filter is not valid.', errors);
  return {
    ...(reason !== undefined ? { reason } : {}),
    ...(channel !== undefined ? { channel: channel as Channel } : {}),
    ...(campaign !== undefined ? { campaign } : {}),
  };
}

function beforeParam(value: unknown): FeedPosition | undefined {
  if (value === undefined) return undefined;
  const position = typeof value === 'string' ? parseCursor(value) : undefined;
  if (!position) {
    throw validationProblem('The cursor is not valid.', [
      { path: 'before', message: 'must be a position as in nextBefore: an entry number, or entry.index' },
    ]);
  }
  return position;
}
