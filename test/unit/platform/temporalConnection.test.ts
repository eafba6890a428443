import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../platform/config';
import { temporalConnectionOptions } from '../../../platform/temporalConnectionOptions';

const connect = (env: NodeJS.ProcessEnv) => temporalConnectionOptions(loadConfig(env).temporal);

describe('reaching a Temporal past one machine (TEMPORAL_TLS*, TEMPORAL_API_KEY)', () => {
  it('connects in plain text to the embedded server or a cluster that asks for nothing', () => {
    expect(connect({})).toEqual({ address: '127.0.0.1:7233', tls: false });
    expect(connect({ TEMPORAL_ADDRESS: 'temporal.internal:7233' })).toEqual({
      address: 'temporal.internal:7233',
      tls: false,
    });
  });

  it('uses TLS with an API key, as Temporal Cloud wants, unless told the connection ends before TLS', () => {
    const cloud = { TEMPORAL_ADDRESS: 'eu-west-1.aws.api.temporal.io:7233', TEMPORAL_API_KEY: 'secret' };
    expect(connect(cloud)).toEqual({ address: cloud.TEMPORAL_ADDRESS, tls: true, apiKey: 'secret' });
    // Explicitly false: left out, the SDK would turn TLS on by itself for an API key.
    expect(connect({ ...cloud, TEMPORAL_TLS: 'false' })).toEqual({
      address: cloud.TEMPORAL_ADDRESS,
      tls: false,
      apiKey: 'secret',
    });
  });

  it('reads a client certificate pair and a private CA at start (mTLS)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tutti-tls-'));
    const file = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const options = connect({
      TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
      TEMPORAL_TLS_CERT: file('client.pem', 'CERT'),
      TEMPORAL_TLS_KEY: file('client.key', 'KEY'),
      TEMPORAL_TLS_CA: file('ca.pem', 'CA'),
    });
    expect(options.tls).toEqual({
      clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') },
      serverRootCACertificate: Buffer.from('CA'),
    });
  });

  it('refuses to start on half a key pair, a file it cannot read, or TLS off beside a certificate', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CERT: '/etc/tutti/client.pem' })).toThrow(
      /TEMPORAL_TLS_KEY: must be set with TEMPORAL_TLS_CERT/,
    );
    expect(() => loadConfig({ TEMPORAL_TLS_KEY: '/etc/tutti/client.key' })).toThrow(
      /TEMPORAL_TLS_CERT: must be set with TEMPORAL_TLS_KEY/,
    );
    expect(() => loadConfig({ TEMPORAL_TLS: 'yes' })).toThrow(/TEMPORAL_TLS: must be true or false/);
    expect(() => loadConfig({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA: '/etc/tutti/ca.pem' })).toThrow(
      /TEMPORAL_TLS: is false, but a certificate/,
    );
    expect(() =>
      connect({ TEMPORAL_TLS_CERT: '/nonexistent/client.pem', TEMPORAL_TLS_KEY: '/nonexistent/client.key' }),
    ).toThrow(/TEMPORAL_TLS_CERT: cannot read \/nonexistent\/client.pem/);
  });
});
