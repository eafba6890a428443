import { ApplicationFailure } from '@temporalio/common';
import { WEBHOOK_REJECTED, WEBHOOK_UNAVAILABLE } from '../../domain/failureTypes';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhookSignature';

export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookPost {
  url: string;
  /** Serialized once: the signature covers these exact bytes. */
  body: string;
  idempotencyKey: string;
  /** When set, the request carries X-Tutti-Timestamp and X-Tutti-Signature. */
  secret?: string;
  fetch: typeof fetch;
}

/**
 * POSTs a JSON body with an idempotency key. A 2xx resolves; a 4xx other than 408 and 429 is a
 * non-retryable failure (the receiver refuses this request, and retrying it forever would not change its
 * mind); anything else — 5xx, 408, 429, timeouts, network errors — throws a retryable error so Temporal
 * retries with the same key.
 */
export async function postWebhook(post: WebhookPost): Promise<{ status: number }> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [IDEMPOTENCY_HEADER]: post.idempotencyKey,
  };
  if (post.secret !== undefined) {
    const timestamp = Math.floor(Date.now() / 1000);
    headers[TIMESTAMP_HEADER] = String(timestamp);
    headers[SIGNATURE_HEADER] = signWebhook(post.secret, timestamp, post.body);
  }
  let response: Response;
  try {
    response = await post.fetch(post.url, {
      method: 'POST',
      headers,
      body: post.body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : String(error);
    throw new Error(`Webhook POST to ${redact(post.url)} failed (${reason}); will retry`, { cause: error });
  }
  // Drain the body so the connection is released; a short excerpt explains a refusal.
  const excerpt = (await response.text().catch(() => '')).slice(0, 500);
  if (response.ok) return { status: response.status };
  const what = `Webhook ${redact(post.url)} answered ${response.status}${excerpt ? `: ${excerpt}` : ''}`;
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
    throw ApplicationFailure.create({
      message: `${what} — not retried: the receiver rejects this request`,
      type: WEBHOOK_REJECTED,
      nonRetryable: true,
      details: [{ status: response.status }],
    });
  }
  const retryAfter = retryAfterMs(response.headers.get('retry-after'));
  throw ApplicationFailure.create({
    message: `${what}; will retry`,
    type: WEBHOOK_UNAVAILABLE,
    nonRetryable: false,
    // Honour the receiver's Retry-After (429/503) instead of the policy's backoff when it says so.
    ...(retryAfter !== undefined ? { nextRetryDelay: retryAfter } : {}),
  });
}

/** Retry-After in seconds (the HTTP-date form is rare from webhooks; the policy's backoff covers it). */
function retryAfterMs(header: string | null): number | undefined {
  if (!header || !/^\d{1,6}$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}

/** URLs can hold credentials or tokens in the path (Slack's do): keep them out of failure messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'the webhook';
  }
}
