import type { PolicyDocument, PolicyInForce } from '../../domain/policy';
import type { PolicyModels } from '../../storage/models/policy';
import { readCurrentPolicy } from '../../storage/policyStore';

export interface CurrentPolicyOptions {
  /** How long a worker trusts what it read. 30 s means a new version is in force everywhere within a minute. */
  ttlMs?: number;
}

interface CacheEntry {
  policy: PolicyDocument;
  fetchedAt: number;
}

/**
 * The `currentPolicy(workspace)` local activity: the policy each decision is made under. Workflows pick up a
 * new version by calling it before every decision — no signal fans out to each customer — and it answers
 * from an in-process cache, so a burst of decisions costs one read per workspace per TTL, not one each.
 * Concurrent misses share one read. If a refresh fails, the last known policy stays in force (a database
 * hiccup must not stop decisions); with nothing known yet, the error goes to the workflow, which retries.
 */
export function createPolicyReader(models: PolicyModels, { ttlMs = 30_000 }: CurrentPolicyOptions = {}) {
  const cache = new Map<string, CacheEntry>();
  const refreshing = new Map<string, Promise<PolicyDocument>>();

  async function refresh(workspace: string): Promise<PolicyDocument> {
    try {
      const policy = await readCurrentPolicy(models, workspace);
      cache.set(workspace, { policy, fetchedAt: Date.now() });
      return policy;
    } catch (error) {
      const known = cache.get(workspace);
      if (known) return known.policy;
      throw error;
    } finally {
      refreshing.delete(workspace);
    }
  }

  /**
   * `atLeastVersion`: the caller knows this version is published (the API read it for the request), so a
   * cached older one is not good enough whatever its age. That is what puts a `PUT /v1/policy` in force for
   * the very next contact request.
   */
  return async function readPolicy(workspace: string, atLeastVersion = 0): Promise<PolicyDocument> {
    const cached = cache.get(workspace);
    if (cached && Date.now() - cached.fetchedAt < ttlMs && cached.policy.version >= atLeastVersion) {
      return cached.policy;
    }
    let pending = refreshing.get(workspace);
    if (!pending) {
      pending = refresh(workspace);
      refreshing.set(workspace, pending);
    }
    const policy = await pending;
    if (policy.version >= atLeastVersion) return policy;
    // The shared read began before the publish: read once more, on our own.
    const fresh = await readCurrentPolicy(models, workspace);
    cache.set(workspace, { policy: fresh, fetchedAt: Date.now() });
    return fresh;
  };
}

export type PolicyReader = ReturnType<typeof createPolicyReader>;

/**
 * What a workflow is given: the policy without its topic taxonomy (PolicyInForce). A workflow records every
 * policy it reads in its history, and only the text-scoring activity needs the taxonomy, which it reads from
 * the same cache (scoreSentiment.ts).
 */
export function policyInForce({ topics: _taxonomy, ...policy }: PolicyDocument): PolicyInForce {
  return policy;
}

/** The `currentPolicy` local activity over a policy reader (shared with scoreSentiment). */
export function currentPolicyFrom(readPolicy: PolicyReader) {
  return async function currentPolicy(workspace: string, atLeastVersion = 0): Promise<PolicyInForce> {
    return policyInForce(await readPolicy(workspace, atLeastVersion));
  };
}

/** The `currentPolicy` activity with a cache of its own (tests; the worker shares one reader, activities/index.ts). */
export function createCurrentPolicy(models: PolicyModels, options: CurrentPolicyOptions = {}) {
  return currentPolicyFrom(createPolicyReader(models, options));
}
