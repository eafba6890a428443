// npm run keys -- create --workspace NAME --role admin|member|ingest --name NAME [--expires-at ISO] [--json]
//                 list --workspace NAME [--json]
//                 revoke --workspace NAME --id KEY_ID
// API keys for operators with database access (MONGODB_URI, or the embedded server of `npm run dev`): how a
// workspace and its first admin key come to be. The key is printed once, by `create`; only its hash is kept.
import { parseArgs } from 'node:util';
import { newApiKeySchema } from '../api/apiKeyRequest';
import { fieldErrors } from '../api/zodErrors';
import { ROLES } from '../domain/access/roles';
import { isWorkspaceName } from '../domain/access/workspace';
import { loadConfig } from '../platform/config';
import { apiKeyView, createApiKey, keySubject, listApiKeys, revokeApiKey } from '../storage/apiKeyStore';
import { OPERATOR, recordAudit } from '../storage/auditStore';
import { openStorage } from '../storage/connection';

const USAGE = `Usage:
  npm run keys -- create --workspace NAME --role ${ROLES.join('|')} --name NAME [--expires-at ISO] [--json]
  npm run keys -- list --workspace NAME [--json]
  npm run keys -- revoke --workspace NAME --id KEY_ID`;

class UsageError extends Error {}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      workspace: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      'expires-at': { type: 'string' },
      id: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...extra] = positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!command || extra.length > 0 || !['create', 'list', 'revoke'].includes(command)) {
    throw new UsageError(command ? `Unknown command: ${[command, ...extra].join(' ')}` : 'No command given.');
  }
  const workspace = required(values.workspace, '--workspace');
  if (!isWorkspaceName(workspace)) {
    throw new UsageError('--workspace must be 1–64 letters, digits, ".", "_" or "-".');
  }
  // Checked before connecting: a typo is told at once, not after a server timeout.
  const create = command === 'create' ? checkedNewKey(values) : undefined;
  const id = command === 'revoke' ? required(values.id, '--id') : undefined;

  const storage = await openStorage(loadConfig().mongo.uri);
  try {
    if (create) {
      const { key, record } = await createApiKey(storage.models, { workspace, ...create });
      await recordAudit(storage.models, workspace, {
        action: 'api_key.created',
        actor: OPERATOR,
        subject: keySubject(record),
      });
      if (values.json) console.log(JSON.stringify({ workspace, ...apiKeyView(record, new Date()), key }));
      else {
        console.log(`Created ${record.role} key ${record.id} "${record.name}" in workspace ${workspace}.`);
        console.log('The key, shown this once (only its hash is kept):');
        console.log(key);
      }
      return 0;
    }
    if (command === 'list') {
      const keys = await listApiKeys(storage.models, workspace);
      if (values.json)
        console.log(JSON.stringify({ workspace, keys: keys.map((k) => apiKeyView(k, new Date())) }));
      else if (keys.length === 0) console.log(`Workspace ${workspace} has no keys.`);
      else
        for (const k of keys.map((k) => apiKeyView(k, new Date()))) {
          console.log(
            [k.id, k.role.padEnd(6), k.status.padEnd(7), k.prefix.padEnd(19), k.createdAt, k.name].join('  '),
          );
        }
      return 0;
    }
    const result = await revokeApiKey(storage.models, workspace, id as string);
    if (result.outcome === 'not_found') {
      console.error(`No key ${id} in workspace ${workspace}.`);
      return 1;
    }
    if (result.outcome === 'last_admin') {
      console.error(`${id} is the last active admin key of ${workspace}: create another admin key first.`);
      return 1;
    }
    console.log(
      `Revoked ${id} "${result.record.name}" of workspace ${workspace}: refused everywhere within 5 s.`,
    );
    return 0;
  } finally {
    await storage.close();
  }
}

/** The same rules as `POST /v1/api-keys`, told by flag. */
function checkedNewKey(values: { role?: string; name?: string; 'expires-at'?: string }) {
  const parsed = newApiKeySchema.safeParse({
    name: required(values.name, '--name'),
    role: required(values.role, '--role'),
    ...(values['expires-at'] !== undefined ? { expiresAt: values['expires-at'] } : {}),
  });
  if (!parsed.success) {
    const flag = (path: string) => (path === 'expiresAt' ? '--expires-at' : `--${path}`);
    throw new UsageError(
      fieldErrors(parsed.error)
        .map((e) => `${flag(e.path)}: ${e.message}`)
        .join('\n'),
    );
  }
  const expiresAt = parsed.data.expiresAt === undefined ? undefined : new Date(parsed.data.expiresAt);
  if (expiresAt && expiresAt.getTime() <= Date.now())
    throw new UsageError('--expires-at must be in the future.');
  return { name: parsed.data.name, role: parsed.data.role, expiresAt };
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${flag} is required.`);
  return value.trim();
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
