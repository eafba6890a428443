import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from '../../../activities/delivery/webhookSignature';

const secret = 'whsec_test';
const body = JSON.stringify({ messageId: 'm-1', text: 'héllo' });
const now = 1_790_000_000_000;
const timestamp = Math.floor(now / 1000);

describe('signWebhook', () => {
  it('is sha256=<hex HMAC-SHA256 of `${timestamp}.${body}`>, as docs/DELIVERY.md tells receivers', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
    expect(signWebhook(secret, timestamp, body)).toBe(`sha256=${expected}`);
  });

  it('changes with the timestamp, so an old signature does not fit a fresh timestamp', () => {
    expect(signWebhook(secret, timestamp, body)).not.toBe(signWebhook(secret, timestamp + 1, body));
  });
});

describe('verifyWebhookSignature', () => {
  const signed = {
    secret,
    body,
    timestamp: String(timestamp),
    signature: signWebhook(secret, timestamp, body),
    now,
  };

  it('accepts what signWebhook signed', () => {
    expect(verifyWebhookSignature(signed)).toBe(true);
  });

  it.each([
    ['another secret', { secret: 'other' }],
    ['a changed body', { body: body.replace('m-1', 'm-2') }],
    ['a re-serialized body', { body: JSON.stringify(JSON.parse(body), null, 1) }],
    ['a different timestamp', { timestamp: String(timestamp - 1) }],
    ['no signature', { signature: undefined }],
    ['no timestamp', { timestamp: undefined }],
    ['a non-numeric timestamp', { timestamp: '12abc' }],
    ['a truncated signature', { signature: signWebhook(secret, timestamp, body).slice(0, -2) }],
  ])('refuses %s', (_what, change) => {
    expect(verifyWebhookSignature({ ...signed, ...change })).toBe(false);
  });

  it('refuses a timestamp outside the tolerance, either way, and accepts one inside', () => {
    expect(verifyWebhookSignature({ ...signed, now: now + 301_000 })).toBe(false);
    expect(verifyWebhookSignature({ ...signed, now: now - 301_000 })).toBe(false);
    expect(verifyWebhookSignature({ ...signed, now: now + 299_000 })).toBe(true);
    expect(verifyWebhookSignature({ ...signed, now: now + 301_000, toleranceSeconds: 600 })).toBe(true);
  });
});
