import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ContactAnswer, ContactRequest } from '../../domain/contact';
import { CONTACT_REQUEST_REJECTED } from '../../domain/failureTypes';
import { requestContactUpdate } from '../../workflows/customer/messages';

/** Below the activity's 30 s start-to-close timeout, so an attempt fails by itself and is retried. */
const ATTEMPT_DEADLINE_MS = 20_000;

export interface CustomerContactRequest {
  /** The customer's workflow: the single writer of their ledger. */
  customerWorkflowId: string;
  request: ContactRequest;
}

/**
 * The `requestCustomerContact` activity: a journey's message goes through the customer's ledger, with the
 * same Update the API uses. A workflow cannot send an Update itself, hence the activity. Safe to retry: the
 * request id is the idempotency key, so a retry gets the first answer and the message is sent at most once.
 */
export function createRequestCustomerContact(client: Client) {
  return async function requestCustomerContact({
    customerWorkflowId,
    request,
  }: CustomerContactRequest): Promise<ContactAnswer> {
    const handle = client.workflow.getHandle(customerWorkflowId);
    try {
      // Bounded and cancellable: an attempt that waits longer (the customer workflow is between runs, or its
      // worker is shutting down) gives up before the activity's own timeout and the retry asks again.
      return await client.withAbortSignal(Context.current().cancellationSignal, () =>
        client.withDeadline(Date.now() + ATTEMPT_DEADLINE_MS, () =>
          handle.executeUpdate(requestContactUpdate, {
            args: [request],
            // A retried attempt joins the first one's Update instead of queueing a second behind it.
            updateId: `contact:${request.id}`,
          }),
        ),
      );
    } catch (error) {
      // Rejected by the customer workflow's validator: asking again will not help.
      if (error instanceof WorkflowUpdateFailedError) {
        throw ApplicationFailure.nonRetryable(
          `The customer workflow refused the contact request: ${error.cause?.message ?? error.message}`,
          CONTACT_REQUEST_REJECTED,
        );
      }
      throw error;
    }
  };
}
