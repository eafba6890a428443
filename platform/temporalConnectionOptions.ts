import type { TLSConfig } from '@temporalio/client';
import { readFileSync } from 'node:fs';
import type { TemporalSecurity } from './config';

/**
 * What `Connection.connect` and `NativeConnection.connect` need to reach the configured Temporal: the address,
 * and TLS and an API key when the settings ask for them (TEMPORAL_TLS*, TEMPORAL_API_KEY). The PEM files are read
 * here, at start, so a missing or unreadable one stops the process with its path rather than at the first call.
 */
export function temporalConnectionOptions(temporal: { address: string; security?: TemporalSecurity }): {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
} {
  const security = temporal.security;
  if (!security) return { address: temporal.address };
  const read = (file: string, variable: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(`${variable}: cannot read ${file}: ${(error as Error).message}`);
    }
  };
  const tls: TLSConfig = {
    ...(security.clientCertPath && security.clientKeyPath
      ? {
          clientCertPair: {
            crt: read(security.clientCertPath, 'TEMPORAL_TLS_CERT'),
            key: read(security.clientKeyPath, 'TEMPORAL_TLS_KEY'),
          },
        }
      : {}),
    ...(security.serverCaPath
      ? { serverRootCACertificate: read(security.serverCaPath, 'TEMPORAL_TLS_CA') }
      : {}),
  };
  return {
    address: temporal.address,
    // Explicit either way: given an API key and no `tls`, the SDK would turn TLS on by itself.
    tls: security.tls ? (Object.keys(tls).length > 0 ? tls : true) : false,
    ...(security.apiKey ? { apiKey: security.apiKey } : {}),
  };
}
