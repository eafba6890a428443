import { IANAZone } from 'luxon';
import type { PolicyDocument } from '../policy/policyDocument';
import type { ContactContext } from './contactContext';

/**
 * An unusable `timezone` trait falls back to the policy's zone rather than failing every decision.
 * (`IANAZone.create` is cached; `isValidZone` would build a new formatter on every call.)
 */
export function customerTimeZone(ctx: Pick<ContactContext, 'timeZone'>, policy: PolicyDocument): string {
  const own = ctx.timeZone;
  return own !== undefined && own !== '' && IANAZone.create(own).isValid
    ? own
    : policy.quietHours.defaultTimeZone;
}
