import type { PolicyValidationError } from '../../../../domain/policy';
import { defaultPolicy, validatePolicy } from '../../../../domain/policy';

export type Editable = Record<string, any>;

/** A deep copy of the default policy, changed by `edit`, as a client would send it. */
export function edited(edit: (doc: Editable) => void): Editable {
  const doc = JSON.parse(JSON.stringify(defaultPolicy)) as Editable;
  edit(doc);
  return doc;
}

/** The errors of a policy that must be refused. */
export function errorsOf(input: unknown): PolicyValidationError[] {
  const result = validatePolicy(input);
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.errors;
}
