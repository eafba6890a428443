import { CUSTOMER_ID_PATTERN } from '../domain/events/eventSchema';
import { validationProblem } from './problem';

/** The `{customerId}` of a path, checked against the same alphabet events use (it becomes a workflow id). */
export function validCustomerId(customerId: string): string {
  if (!CUSTOMER_ID_PATTERN.test(customerId)) {
    throw validationProblem('The customer id in the path is not valid.', [
      { path: 'customerId', message: 'must be 1–128 characters of A–Z a–z 0–9 . _ : @ + -' },
    ]);
  }
  return customerId;
}
