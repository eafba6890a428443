import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../domain/access/roles';
import { mapWithConcurrency } from '../platform/mapWithConcurrency';
import type { Models } from './models';
import { appendToLog, readLog } from './numberedLog';
import { oneAtATime } from './oneAtATime';
import { withBusyRetry } from './withBusyRetry';

/**
 * API keys (DESIGN.md, "Workspaces and keys"). A key is stored under its SHA-256 (`api_keys`, read by `_id`
 * on every request the cache misses); its workspace lists it in the log `api_key_slots` (storage/numberedLog.ts),
 * one entry per key holding the hash, so listing is reads by `_id` and two replicas creating keys at once both
 * keep theirs. Revoking sets `revokedAt` on the key's own document, one single-statement update by `_id`.
 */

type KeyModels = Pick<Models, 'apiKeys' | 'apiKeySlots' | 'auditEntries' | 'logHeads'>;

/** A key as the API shows it: everything but the secret. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/**
 * Keys look like `tutti_ingest_` + 32 base62 characters (about 190 random bits). The `tutti_` prefix lets
 * secret scanners (and people grepping a leaked log) recognise a Tutti key; the role in it tells a reader what
 * the key can do before they look it up. The role in the text grants nothing: the stored role does. Base62
 * keeps a key one word to double-click and safe in URLs, headers and shells.
 */
export const KEY_PATTERN = /^tutti_(admin|member|ingest)_[A-Za-z0-9]{32}$/;
const SECRET_LENGTH = 32;
/** Characters of the secret shown in the prefix: enough to tell keys apart, far too few to guess the rest. */
const VISIBLE_SECRET = 6;
export const KEY_ID_PATTERN = /^key_[A-Za-z0-9]{16}$/;

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Uniform base62: bytes at or above 248 (4 × 62) are dropped rather than folded, which would bias them. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function newKeyId(): string {
  return `key_${randomBase62(16)}`;
}

/** What of a key may be shown: `tutti_<role>_` and a few characters, or of a key in another format, less. */
export function visiblePrefix(key: string): string {
  const tutti = /^tutti_[a-z]+_/.exec(key);
  if (tutti) return key.slice(0, tutti[0].length + VISIBLE_SECRET);
  return key.slice(0, Math.min(4, Math.floor(key.length / 4)));
}

/** A key as the API and `npm run keys` show it: never its secret or hash. */
export function apiKeyView(record: ApiKeyRecord, now: Date) {
  return {
    id: record.id,
    name: record.name,
    role: record.role,
    prefix: record.prefix,
    status: record.revokedAt ? 'revoked' : isActive(record, now) ? 'active' : 'expired',
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt?.toISOString() ?? null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
  };
}

/** A key as the audit trail names what was done to it. */
export function keySubject(record: ApiKeyRecord) {
  return {
    keyId: record.id,
    name: record.name,
    role: record.role,
    expiresAt: record.expiresAt?.toISOString() ?? null,
  };
}

export function isActive(key: Pick<ApiKeyRecord, 'expiresAt' | 'revokedAt'>, now: Date): boolean {
  return !key.revokedAt && (!key.expiresAt || key.expiresAt.getTime() > now.getTime());
}

/** Makes a key; the answer is the only place its secret ever appears. */
export async function createApiKey(
  models: KeyModels,
  options: { workspace: string; name: string; role: Role; expiresAt?: Date; now?: Date },
): Promise<{ key: string; record: ApiKeyRecord }> {
  const key = `tutti_${options.role}_${randomBase62(SECRET_LENGTH)}`;
  const hash = hashApiKey(key);
  const record: ApiKeyRecord = {
    id: newKeyId(),
    name: options.name,
    role: options.role,
    prefix: visiblePrefix(key),
    createdAt: options.now ?? new Date(),
    expiresAt: options.expiresAt ?? null,
    revokedAt: null,
  };
  // Listed first: a crash between the two writes leaves a listed hash with no key (skipped when listing),
  // never a working key that cannot be listed or revoked.
  await appendToLog(models, 'apiKeySlots', options.workspace, { hash });
  await withBusyRetry(() =>
    models.apiKeys.create({
      _id: hash,
      id: record.id,
      workspace: options.workspace,
      role: record.role,
      name: record.name,
      prefix: record.prefix,
      createdAt: record.createdAt,
      ...(record.expiresAt ? { expiresAt: record.expiresAt } : {}),
      listed: true,
    }),
  );
  return { key, record };
}

/**
 * Registers a key whose secret the operator chose (the development key, TUTTI_API_KEY): created if unknown,
 * listed if not yet. Idempotent, and safe from several replicas starting at once: the key document is one
 * upsert, and a hash listed twice is listed once (listApiKeys). A revoked key stays revoked.
 */
export async function registerApiKey(
  models: KeyModels,
  key: string,
  options: { workspace: string; name: string; role: Role },
): Promise<void> {
  const _id = hashApiKey(key);
  await withBusyRetry(() =>
    models.apiKeys.updateOne(
      { _id },
      {
        $setOnInsert: {
          id: newKeyId(),
          workspace: options.workspace,
          role: options.role,
          name: options.name,
          prefix: visiblePrefix(key),
          createdAt: new Date(),
        },
      },
      { upsert: true },
    ),
  ).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== 11000) throw error;
  });
  const doc = await models.apiKeys.findById(_id).lean();
  if (!doc || doc.listed) return;
  // Stored before keys had ids and lists (or a crash before listing): give it both.
  await appendToLog(models, 'apiKeySlots', doc.workspace, { hash: _id });
  await withBusyRetry(() =>
    models.apiKeys.updateOne(
      { _id },
      { $set: { listed: true, id: doc.id ?? newKeyId(), prefix: doc.prefix ?? visiblePrefix(key) } },
    ),
  );
}

/**
 * Every key of the workspace, newest first, revoked and expired ones included (with `revokedAt`, and
 * `expiresAt` in the past): the list is also the record of what existed.
 */
export async function listApiKeys(models: KeyModels, workspace: string): Promise<ApiKeyRecord[]> {
  return (await readKeys(models, workspace)).map(({ hash: _hash, ...record }) => record);
}

async function readKeys(models: KeyModels, workspace: string): Promise<(ApiKeyRecord & { hash: string })[]> {
  const slots = await readLog<{ hash: string }>(models, 'apiKeySlots', workspace, {
    limit: Number.MAX_SAFE_INTEGER,
  });
  const hashes = [...new Set(slots.map((slot) => slot.entry.hash))];
  const results = await mapWithConcurrency(hashes, 8, (hash) => models.apiKeys.findById(hash).lean().exec());
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.flatMap((r) => {
    const doc = r.status === 'fulfilled' ? r.value : undefined;
    // A listed hash without its key (a crash between the two writes), or a key of another workspace.
    if (!doc?.id || doc.workspace !== workspace) return [];
    return [
      {
        hash: doc._id,
        id: doc.id,
        name: doc.name,
        role: doc.role,
        prefix: doc.prefix ?? '',
        createdAt: doc.createdAt,
        expiresAt: doc.expiresAt ?? null,
        revokedAt: doc.revokedAt ?? null,
      },
    ];
  });
}

export type RevokeOutcome =
  | { outcome: 'revoked'; record: ApiKeyRecord }
  | { outcome: 'already_revoked'; record: ApiKeyRecord }
  | { outcome: 'not_found' }
  | { outcome: 'last_admin'; record: ApiKeyRecord };

/**
 * Revokes the workspace's key `id`: every replica refuses it once its cache of the key runs out
 * (api/auth.ts, under 5 s). Revoking a revoked key answers it as it is. The last active admin key of a
 * workspace is not revoked (`last_admin`): nobody could manage the workspace any more through the API.
 *
 * Two admins revoking the last two admin keys at once could each see the other's still active. So the rule is
 * checked again after the write, and a revocation that left no active admin is undone: at worst both are
 * refused, never both done.
 */
export async function revokeApiKey(
  models: KeyModels,
  workspace: string,
  id: string,
  now = new Date(),
): Promise<RevokeOutcome> {
  return oneAtATime(`revoke:${workspace}`, async () => {
    const keys = await readKeys(models, workspace);
    const listed = keys.find((k) => k.id === id);
    if (!listed) return { outcome: 'not_found' };
    const { hash, ...found } = listed;
    if (found.revokedAt) return { outcome: 'already_revoked', record: found };
    if (!leavesAnAdmin(keys, id, now)) return { outcome: 'last_admin', record: found };
    await withBusyRetry(() => models.apiKeys.updateOne({ _id: hash }, { $set: { revokedAt: now } }));
    if (!leavesAnAdmin(await readKeys(models, workspace), id, now)) {
      await withBusyRetry(() => models.apiKeys.updateOne({ _id: hash }, { $unset: { revokedAt: 1 } }));
      return { outcome: 'last_admin', record: found };
    }
    return { outcome: 'revoked', record: { ...found, revokedAt: now } };
  });
}

/** Whether an active admin key other than `id` remains. */
function leavesAnAdmin(keys: ApiKeyRecord[], id: string, now: Date): boolean {
  const target = keys.find((k) => k.id === id);
  if (target?.role !== 'admin' || !isActive(target, now)) return true;
  return keys.some((k) => k.id !== id && k.role === 'admin' && isActive(k, now));
}
