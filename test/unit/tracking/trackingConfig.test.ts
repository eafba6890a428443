import { describe, expect, it } from 'vitest';
import { loadConfig, loadDeliveryConfig } from '../../../platform/config';

describe('tracking settings', () => {
  it('default to the API on this machine and the installation’s own secret', () => {
    expect(loadConfig({}).tracking).toEqual({ publicUrl: 'http://localhost:3000' });
    expect(loadDeliveryConfig({ PORT: '4000' }).tracking).toEqual({ publicUrl: 'http://localhost:4000' });
  });

  it('take a public URL (without its trailing slash) and a secret, for the API and the worker alike', () => {
    const env = {
      TUTTI_PUBLIC_URL: 'https://acme.example/tutti/',
      TUTTI_TRACKING_SECRET: 's'.repeat(32),
    };
    const expected = { publicUrl: 'https://acme.example/tutti', secret: 's'.repeat(32) };
    expect(loadConfig(env).tracking).toEqual(expected);
    expect(loadDeliveryConfig(env).tracking).toEqual(expected);
  });

  it('refuse a short secret and a public URL that is not http(s), naming the variable', () => {
    expect(() => loadDeliveryConfig({ TUTTI_TRACKING_SECRET: 'short' })).toThrow(
      /TUTTI_TRACKING_SECRET: must be at least 32 characters/,
    );
    expect(() => loadConfig({ TUTTI_PUBLIC_URL: 'ftp://acme.example' })).toThrow(
      /TUTTI_PUBLIC_URL: must be a http or https URL/,
    );
  });
});
