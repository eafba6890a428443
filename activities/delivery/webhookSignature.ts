import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Tutti-Signature';
export const TIMESTAMP_HEADER = 'X-Tutti-Timestamp';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** How old a signed request a receiver accepts by default: long enough for clock skew, short against replay. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * `sha256=<hex>` of HMAC-SHA256 over `${timestamp}.${body}`. The timestamp (Unix seconds) is inside the
 * signed string so a captured request cannot be replayed later with a fresh timestamp header.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface SignedRequest {
  secret: string;
  /** The raw request body, exactly as received — not re-serialized JSON. */
  body: string;
  /** The X-Tutti-Timestamp header. */
  timestamp: string | undefined;
  /** The X-Tutti-Signature header. */
  signature: string | undefined;
  toleranceSeconds?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: number;
}

/** The receiver's side of `signWebhook`: true only for a fresh timestamp and a matching signature. */
export function verifyWebhookSignature(request: SignedRequest): boolean {
  const { secret, body, timestamp, signature } = request;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  const ageSeconds = Math.abs((request.now ?? Date.now()) / 1000 - Number(timestamp));
  if (ageSeconds > (request.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  // Constant time, so the comparison does not leak how many leading characters were right.
  return expected.length === given.length && timingSafeEqual(expected, given);
}
