import type { ContactLedgerState } from './contactLedger';
import { answerFor } from './contactLedger';
import type { DecisionRecord, RenderFailureInputs } from './types';

/**
 * A message decided `sent` whose template could not be rendered when it was handed to delivery never went out:
 * it is suppressed (reason `template_error`, trigger `render_failed`), it gives back the slot it took in the
 * caps (it is no longer among the sends), and the same request id asked again is answered with the truth.
 * Nothing when the message is not among the recent sends (already pruned: it can no longer count anyway).
 */
export function retractUnrenderable(
  ledger: ContactLedgerState,
  messageId: string,
  failure: RenderFailureInputs,
  now: number,
): { ledger: ContactLedgerState; record?: DecisionRecord; policyVersion?: number } {
  const sent = (ledger.recentSends ?? ledger.sent).find((m) => m.messageId === messageId);
  if (!sent) return { ledger };
  const answer = answerFor(ledger.answers, sent.requestId);
  const policyVersion = answer?.policyVersion ?? 0;
  const answers = answer
    ? {
        ...ledger.answers,
        [sent.requestId]: {
          requestId: sent.requestId,
          decision: 'suppressed' as const,
          reason: 'template_error',
          messageId,
          policyVersion,
        },
      }
    : ledger.answers;
  const record: DecisionRecord = {
    messageId,
    requestId: sent.requestId,
    decision: 'suppressed',
    reason: 'template_error',
    channel: sent.channel,
    category: sent.category,
    priority: sent.priority,
    decidedAt: new Date(now).toISOString(),
    policyVersion,
    inputs: failure,
    trigger: 'render_failed',
  };
  return {
    ledger: {
      ...ledger,
      sent: ledger.sent.filter((m) => m.messageId !== messageId),
      ...(ledger.recentSends
        ? { recentSends: ledger.recentSends.filter((m) => m.messageId !== messageId) }
        : {}),
      answers,
    },
    record,
    policyVersion,
  };
}
