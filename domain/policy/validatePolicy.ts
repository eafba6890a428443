import type { z } from 'zod';
import type { PolicyBody, PolicyDocument } from './policyDocument';
import { policyBodySchema, policyDocumentSchema } from './policySchema';

/** One problem in a policy document; `path` is dotted, e.g. `caps.1.window` (empty for the document itself). */
export interface PolicyValidationError {
  path: string;
  message: string;
}

export type PolicyValidation<T> = { ok: true; policy: T } | { ok: false; errors: PolicyValidationError[] };

/** Checks a whole stored policy document, version included. */
export function validatePolicy(input: unknown): PolicyValidation<PolicyDocument> {
  return validateWith(policyDocumentSchema, input);
}

/** Checks what `PUT /v1/policy` receives: the whole document without (or ignoring) its version. */
export function validatePolicyBody(input: unknown): PolicyValidation<PolicyBody> {
  return validateWith(policyBodySchema, input);
}

function validateWith<T>(schema: z.ZodType<T>, input: unknown): PolicyValidation<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, policy: result.data };
  return { ok: false, errors: result.error.issues.flatMap(toValidationErrors) };
}

const dotted = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/** Zod reports unknown keys on their parent; naming the key itself points straight at the typo. */
function toValidationErrors(issue: z.core.$ZodIssue): PolicyValidationError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: dotted([...issue.path, key]),
      message: 'is not a policy field',
    }));
  }
  return [{ path: dotted(issue.path), message: issue.message }];
}
