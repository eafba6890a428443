import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TrackingClaims } from '../domain/tracking/trackingClaims';
import { claimsOfCompact, compactClaims } from '../domain/tracking/trackingClaims';

/**
 * Signed tracking tokens (docs/TRACKING.md): `{payload}.{mac}`, both base64url (so a token is safe in a URL
 * path as it is). The payload is the claims as compact JSON; the MAC is HMAC-SHA256 under the tracking secret
 * over a version label and the payload, cut to 128 bits (NIST SP 800-107 allows truncation to 64 bits and
 * more; 128 keeps SMS links short while a forgery stays a 2^-128 guess). Here rather than in domain/: the
 * HMAC is node:crypto, which domain code may not import.
 */
const LABEL = 'tutti-tracking-v1.';
const MAC_BYTES = 16;

/**
 * No token is longer: the claims with the longest URL tracked (MAX_TRACKED_URL_LENGTH) and the longest ids,
 * in base64url. Anything longer is refused before any work.
 */
export const MAX_TOKEN_LENGTH = 4096;

export function signTrackingToken(secret: string, claims: TrackingClaims): string {
  const payload = Buffer.from(JSON.stringify(compactClaims(claims)), 'utf8').toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/**
 * The claims of a token signed under `secret`; undefined for a token that was forged, altered, truncated or is
 * not a token at all. The MAC is compared in constant time.
 */
export function verifyTrackingToken(secret: string, token: string): TrackingClaims | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) return undefined;
  const [, payload, signature] = match;
  const given = Buffer.from(signature, 'base64url');
  // base64url decoding ignores what it cannot use: only the canonical spelling of the MAC is the MAC.
  if (given.length !== MAC_BYTES || given.toString('base64url') !== signature) return undefined;
  if (!timingSafeEqual(given, mac(secret, payload))) return undefined;
  try {
    return claimsOfCompact(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return undefined;
  }
}

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret)
    .update(LABEL + payload)
    .digest()
    .subarray(0, MAC_BYTES);
}
