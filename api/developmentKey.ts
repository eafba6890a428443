import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { registerApiKey } from '../storage/apiKeyStore';
import type { Models } from '../storage/models';

export const DEFAULT_WORKSPACE = 'default';

/**
 * The development key: TUTTI_API_KEY if set, else the one generated on first start and kept in the data
 * directory, so a restart does not invalidate the key a developer already pasted into their scripts.
 * Registered as an admin key of the default workspace, listed with the workspace's keys: revoked through the
 * API, it stays revoked across restarts.
 */
export async function ensureDevelopmentKey(
  models: Models,
  options: { apiKey?: string; dataDir: string },
): Promise<{ key: string; generated: boolean }> {
  const { key, generated } = options.apiKey
    ? { key: options.apiKey, generated: false }
    : readOrCreateDevelopmentKey(options.dataDir);
  await registerApiKey(models, key, { workspace: DEFAULT_WORKSPACE, role: 'admin', name: 'development key' });
  return { key, generated };
}

/** The key kept in the data directory, created on first use. */
export function readOrCreateDevelopmentKey(dataDir: string): { key: string; generated: boolean } {
  const file = path.join(dataDir, 'dev-api-key');
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), generated: false };
  const key = `tutti_dev_${randomBytes(24).toString('base64url')}`;
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, generated: true };
}
