import { defaultPolicy, validatePolicy } from '../domain/policy';
import type { PolicyBody, PolicyDocument } from '../domain/policy';
import type { PolicyModels } from './models/policy';
import { withBusyRetry } from './withBusyRetry';

const DUPLICATE_KEY = 11000;
/** Each failed attempt means another publisher stored a version meanwhile; this many in a row is a storm. */
const MAX_PUBLISH_ATTEMPTS = 20;

/** `_id` of one stored version. Workspace names never contain ":" (see documentKeys.ts). */
export function policyVersionKey(workspace: string, version: number): string {
  return `${workspace}:${version}`;
}

/** Publishing lost the race for a version number too many times in a row; trying again later will do. */
export class PolicyPublishConflict extends Error {}

/**
 * The policy in force for the workspace: its head, or `defaultPolicy` (version 1) if none was ever
 * published. A stored document that no longer validates (edited by hand, or older than a rule) is refused
 * with an error rather than used: the caller keeps what it had.
 */
export async function readCurrentPolicy(models: PolicyModels, workspace: string): Promise<PolicyDocument> {
  const head = await models.policyHeads.findById(workspace).lean();
  if (!head) return defaultPolicy;
  const checked = validatePolicy(head.document);
  if (!checked.ok) {
    const first = checked.errors[0];
    throw new Error(
      `Stored policy version ${head.version} of workspace ${workspace} is invalid (${first?.path}: ${first?.message})`,
    );
  }
  return checked.policy;
}

/** The version in force for the workspace: one read by `_id`, cheap enough for every contact request. */
export async function currentPolicyVersion(models: PolicyModels, workspace: string): Promise<number> {
  const head = await models.policyHeads.findById(workspace, { version: 1 }).lean();
  return head?.version ?? defaultPolicy.version;
}

/**
 * Stores an already validated body as the workspace's next version and makes it current.
 *
 * Concurrent publishers: the version document goes in first, and its `_id` is unique, so two PUTs that
 * picked the same number cannot both store it — the loser takes the next number and tries again. Both
 * PUTs succeed, as consecutive versions, and the later one is in force (a PUT replaces the whole document,
 * so last-writer-wins is what each caller asked for; a 409 would only make them resend the same body).
 *
 * The head then moves forward with read-compare-write on `_id` alone (FerretDB scans on any other
 * filter). That is not atomic: a slow publisher can write its older version over a newer head. So after
 * writing, each publisher looks for the next version and, if one exists, moves the head on to it. Whoever
 * stores version n+1 writes the head after its insert, which is after any check that missed it; so when
 * every publisher has finished, the head is the highest version. (A reader may see the head step back for
 * a moment; the slow publisher corrects it before it answers.)
 */
export async function publishPolicy(
  models: PolicyModels,
  workspace: string,
  body: PolicyBody,
  createdBy?: string,
): Promise<PolicyDocument> {
  let version = (await currentPolicyVersion(models, workspace)) + 1;
  for (let attempt = 1; ; attempt++, version++) {
    const document: PolicyDocument = { ...body, version };
    try {
      await withBusyRetry(() =>
        models.policies.create({
          _id: policyVersionKey(workspace, version),
          workspace,
          version,
          document,
          createdAt: new Date(),
          ...(createdBy ? { createdBy } : {}),
        }),
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      if (attempt >= MAX_PUBLISH_ATTEMPTS) {
        throw new PolicyPublishConflict(
          `Policy of workspace ${workspace}: ${attempt} versions were published concurrently; try again`,
        );
      }
      continue;
    }
    await advanceHead(models, workspace, version, document);
    return document;
  }
}

async function advanceHead(
  models: PolicyModels,
  workspace: string,
  version: number,
  document: PolicyDocument,
): Promise<void> {
  for (;;) {
    const head = await models.policyHeads.findById(workspace, { version: 1 }).lean();
    if (!head || head.version < version) {
      try {
        await withBusyRetry(() =>
          models.policyHeads.updateOne(
            { _id: workspace },
            { $set: { version, document, updatedAt: new Date() } },
            { upsert: true },
          ),
        );
      } catch (error) {
        // Two first-ever heads upserted at once: one inserted, the other must compare with it again.
        if (isDuplicateKey(error)) continue;
        throw error;
      }
    }
    const next = await models.policies.findById(policyVersionKey(workspace, version + 1)).lean();
    if (!next) return;
    version = next.version;
    document = next.document as PolicyDocument;
  }
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown }).code === DUPLICATE_KEY;
}

/**
 * One version of the workspace's policy as it was published, or undefined if there is no such version. Version 1
 * is the default policy unless one was stored under that number. Read by `_id` (one lookup, no scan). A stored
 * version that no longer validates (older than a rule) is answered as it was stored: it is history, and the
 * reader only looks at it.
 */
export async function readPolicyVersion(
  models: PolicyModels,
  workspace: string,
  version: number,
): Promise<PolicyDocument | undefined> {
  const stored = await models.policies.findById(policyVersionKey(workspace, version)).lean();
  if (!stored) return version === defaultPolicy.version ? defaultPolicy : undefined;
  const checked = validatePolicy(stored.document);
  return checked.ok ? checked.policy : (stored.document as PolicyDocument);
}
