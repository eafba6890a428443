import { describe, expect, it } from 'vitest';
import { chooseAdapter } from '../../../activities/delivery/chooseAdapter';
import { loadDeliveryConfig } from '../../../platform/config';

describe('loadDeliveryConfig', () => {
  // Tracking is always on (docs/TRACKING.md): links point at the API, http://localhost:PORT by default.
  const localTracking = { tracking: { publicUrl: 'http://localhost:3000' } };

  it('has no adapter with nothing set, or set to empty strings: the outbox is the default destination', () => {
    expect(loadDeliveryConfig({})).toEqual(localTracking);
    expect(loadDeliveryConfig({ TUTTI_WEBHOOK_URL: ' ', TUTTI_SMTP_URL: '' })).toEqual(localTracking);
  });

  it('reads only the delivery variables: a bad setting of another part does not stop the worker here', () => {
    expect(loadDeliveryConfig({ TUTTI_LOG_LEVEL: 'loud', TUTTI_MONGO_MAX_POOL: 'many' })).toEqual(
      localTracking,
    );
  });

  it('reads every adapter', () => {
    expect(
      loadDeliveryConfig({
        TUTTI_WEBHOOK_URL: 'https://hooks.acme.test/tutti',
        TUTTI_WEBHOOK_SECRET: 's3cret',
        TUTTI_SMTP_URL: 'smtp://user:pass@mail.acme.test:587',
        TUTTI_SMTP_FROM: 'Acme <hello@acme.test>',
        TUTTI_ALERT_WEBHOOK_URL: 'https://hooks.slack.test/services/T/B/X',
      }),
    ).toEqual({
      webhook: { url: 'https://hooks.acme.test/tutti', secret: 's3cret' },
      smtp: { url: 'smtp://user:pass@mail.acme.test:587', from: 'Acme <hello@acme.test>' },
      alertWebhookUrl: 'https://hooks.slack.test/services/T/B/X',
      ...localTracking,
    });
  });

  it.each([
    [{ TUTTI_WEBHOOK_URL: 'https://hooks.acme.test' }, /TUTTI_WEBHOOK_SECRET: is required/],
    [{ TUTTI_SMTP_URL: 'smtp://mail.acme.test' }, /TUTTI_SMTP_FROM: is required/],
    [
      { TUTTI_SMTP_URL: 'https://mail.acme.test', TUTTI_SMTP_FROM: 'a@b.c' },
      /TUTTI_SMTP_URL: must be a smtp or smtps URL/,
    ],
    [{ TUTTI_ALERT_WEBHOOK_URL: 'not a url' }, /TUTTI_ALERT_WEBHOOK_URL: must be a http or https URL/],
    [{ TUTTI_WEBHOOK_URL: 'ftp://hooks.acme.test' }, /TUTTI_WEBHOOK_URL: must be a http or https URL/],
    [
      { TUTTI_WEBHOOK_URL: 'https://hooks.acme.test', TUTTI_WEBHOOK_SECRET: ' ' },
      /TUTTI_WEBHOOK_SECRET: is required/,
    ],
  ])('refuses a half or malformed configuration, naming the variable (%o)', (env, message) => {
    expect(() => loadDeliveryConfig(env)).toThrow(message);
  });
});

describe('chooseAdapter', () => {
  const webhook = { url: 'https://hooks.acme.test', secret: 's' };
  const smtp = { url: 'smtp://mail.acme.test', from: 'a@b.c' };

  it('sends email by SMTP and the other channels through the webhook relay, when configured', () => {
    const config = { webhook, smtp };
    expect(chooseAdapter('email', config)).toBe('smtp');
    expect(chooseAdapter('webhook', config)).toBe('webhook');
    expect(chooseAdapter('sms', config)).toBe('webhook');
    expect(chooseAdapter('push', config)).toBe('webhook');
  });

  it('falls back to the outbox for whatever is not configured (email never goes to the webhook)', () => {
    expect(chooseAdapter('email', { webhook })).toBe('outbox');
    expect(chooseAdapter('sms', { smtp })).toBe('outbox');
    expect(chooseAdapter('webhook', {})).toBe('outbox');
  });
});
