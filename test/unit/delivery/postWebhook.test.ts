import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { postWebhook } from '../../../activities/delivery/postWebhook';
import { verifyWebhookSignature } from '../../../activities/delivery/webhookSignature';
import { WEBHOOK_REJECTED, WEBHOOK_UNAVAILABLE } from '../../../domain/failureTypes';

function answering(status: number, headers: Record<string, string> = {}) {
  const calls: { init: RequestInit }[] = [];
  const fetchStub: typeof fetch = (_url, init) => {
    calls.push({ init: init ?? {} });
    return Promise.resolve(new Response(status === 204 ? null : 'answer', { status, headers }));
  };
  return { calls, fetch: fetchStub };
}

const post = { url: 'https://user:pw@hooks.acme.test/secret-path', body: '{"a":1}', idempotencyKey: 'm-1' };

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a failure'),
    (error: unknown) => error,
  );
}

describe('postWebhook', () => {
  it('POSTs the body with the idempotency key and a verifiable signature', async () => {
    const receiver = answering(204);
    await expect(postWebhook({ ...post, secret: 's', fetch: receiver.fetch })).resolves.toEqual({
      status: 204,
    });
    const headers = receiver.calls[0].init.headers as Record<string, string>;
    expect(receiver.calls[0].init.method).toBe('POST');
    expect(headers['Idempotency-Key']).toBe('m-1');
    expect(
      verifyWebhookSignature({
        secret: 's',
        body: receiver.calls[0].init.body as string,
        timestamp: headers['X-Tutti-Timestamp'],
        signature: headers['X-Tutti-Signature'],
      }),
    ).toBe(true);
  });

  it.each([400, 401, 404, 410, 422])('makes %i a non-retryable failure', async (status) => {
    const error = await failureOf(postWebhook({ ...post, fetch: answering(status).fetch }));
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    expect((error as ApplicationFailure).type).toBe(WEBHOOK_REJECTED);
  });

  it.each([408, 429, 500, 502, 503])('keeps %i retryable', async (status) => {
    const error = await failureOf(postWebhook({ ...post, fetch: answering(status).fetch }));
    expect((error as ApplicationFailure).nonRetryable).toBe(false);
    expect((error as ApplicationFailure).type).toBe(WEBHOOK_UNAVAILABLE);
  });

  it("uses the receiver's Retry-After as the next retry delay", async () => {
    const error = await failureOf(
      postWebhook({ ...post, fetch: answering(429, { 'retry-after': '7' }).fetch }),
    );
    expect((error as ApplicationFailure).nextRetryDelay).toBe(7000);
  });

  it('keeps credentials and the path of the URL out of failure messages', async () => {
    const error = (await failureOf(postWebhook({ ...post, fetch: answering(500).fetch }))) as Error;
    expect(error.message).toContain('https://hooks.acme.test');
    expect(error.message).not.toMatch(/pw|secret-path/);
  });

  it('makes a network error retryable', async () => {
    const refused = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;
    const error = await failureOf(postWebhook({ ...post, fetch: refused }));
    expect(error).not.toBeInstanceOf(ApplicationFailure);
    expect((error as Error).message).toMatch(/failed .*will retry/);
  });
});
