import { longestCapWindowMs } from '../policy/capWindows';
import type { PolicyDocument } from '../policy/policyDocument';
import type { ContactContext } from './contactContext';

/**
 * Keeps the ledger as long as the longest cap window and no longer, so that the state carried across
 * continue-as-new stays bounded. A send that has left every window can no longer count against any cap.
 */
export function pruneLedger(ctx: ContactContext, policy: PolicyDocument, now: number): ContactContext {
  const horizon = now - longestCapWindowMs(policy);
  const ledger = ctx.ledger.filter((c) => c.sentAt > horizon);
  return ledger.length === ctx.ledger.length ? ctx : { ...ctx, ledger };
}
