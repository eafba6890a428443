import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrackingClaims } from '../../../domain/tracking/trackingClaims';
import { MAX_TRACKED_URL_LENGTH } from '../../../domain/tracking/trackingClaims';
import { MAX_TOKEN_LENGTH, signTrackingToken, verifyTrackingToken } from '../../../platform/trackingToken';

const SECRET = 'a-test-secret-of-at-least-32-characters';

const click: TrackingClaims = {
  workspace: 'acme',
  customerId: 'cust-42',
  messageId: 'msg-5f0c2e1a-8d9b-4c3e-a7f6-0b1c2d3e4f5a',
  channel: 'email',
  category: 'promotion',
  kind: 'click',
  url: 'https://shop.example/shoes?size=42&colour=blue#reviews',
};

describe('tracking tokens', () => {
  it('give back exactly the claims they were made with, the URL included', () => {
    expect(verifyTrackingToken(SECRET, signTrackingToken(SECRET, click))).toEqual(click);
    const open = { ...click, kind: 'open' as const, url: undefined };
    delete open.url;
    expect(verifyTrackingToken(SECRET, signTrackingToken(SECRET, open))).toEqual(open);
  });

  it('are URL-safe as they are, and the same for the same claims (a retried delivery sends the same links)', () => {
    const token = signTrackingToken(SECRET, { ...click, url: 'https://shop.example/é?q=a+b/c' });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(signTrackingToken(SECRET, click)).toBe(signTrackingToken(SECRET, click));
  });

  it('stay under the length the API reads even with the longest URL tracked', () => {
    const url = `https://shop.example/${'x'.repeat(MAX_TRACKED_URL_LENGTH - 21)}`;
    const token = signTrackingToken(SECRET, { ...click, url, messageId: 'm'.repeat(128) });
    expect(verifyTrackingToken(SECRET, token)?.url).toBe(url);
    expect(token.length).toBeLessThan(MAX_TOKEN_LENGTH);
  });

  it('refuse a token signed with another secret', () => {
    expect(verifyTrackingToken(SECRET, signTrackingToken(`${SECRET}-other`, click))).toBeUndefined();
  });

  it('refuse a token with any character changed, removed or added', () => {
    const token = signTrackingToken(SECRET, click);
    fc.assert(
      fc.property(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...'ABCabc019-_.='),
        (at, replacement) => {
          fc.pre(token[at] !== replacement);
          const altered = `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
          expect(verifyTrackingToken(SECRET, altered)).toBeUndefined();
        },
      ),
      { numRuns: 500 },
    );
    for (let cut = 1; cut < token.length; cut += 7) {
      expect(verifyTrackingToken(SECRET, token.slice(0, cut))).toBeUndefined();
    }
    expect(verifyTrackingToken(SECRET, `${token}A`)).toBeUndefined();
    expect(verifyTrackingToken(SECRET, `A${token}`)).toBeUndefined();
  });

  it('refuse a payload swapped under a valid signature, and what is not a token at all', () => {
    const [, signature] = signTrackingToken(SECRET, click).split('.');
    const [payload] = signTrackingToken(SECRET, { ...click, url: 'https://evil.example/' }).split('.');
    expect(verifyTrackingToken(SECRET, `${payload}.${signature}`)).toBeUndefined();
    for (const junk of ['', '.', 'abc', 'a.b.c', '../../etc', 'x'.repeat(MAX_TOKEN_LENGTH + 1)]) {
      expect(verifyTrackingToken(SECRET, junk)).toBeUndefined();
    }
  });

  it('never carries a click to anything but an http(s) URL, even when signed', () => {
    for (const url of ['javascript:alert(1)', 'mailto:a@b.test', '//evil.example/', 'data:text/html,x']) {
      expect(verifyTrackingToken(SECRET, signTrackingToken(SECRET, { ...click, url }))).toBeUndefined();
    }
  });
});
