import type { WorkspaceProfile } from '../../domain/personalization/workspaceProfile';
import {
  workspaceLookBack,
  workspaceProfileFromCounters,
} from '../../domain/personalization/workspaceEngagementCounters';
import { counterFamily } from '../../domain/reports/reportCounters';
import type { Models } from '../../storage/models';
import { readCounterTotals } from '../../storage/reportCounters';

export interface WorkspaceEngagementOptions {
  /**
   * How long a worker trusts the profile it read (default 5 minutes). The profile is eight weeks of decayed
   * counts: a few minutes of new engagement hardly move it, and a miss reads 56 days × 8 shards by `_id`.
   */
  ttlMs?: number;
  now?: () => number;
}

interface CacheEntry {
  profile: WorkspaceProfile;
  readAt: number;
}

/**
 * The `readWorkspaceEngagement({ workspace })` activity: the workspace's send-time prior (the hours and
 * channels `"sendAt": "optimal"` shrinks a customer with little history toward), from the engagement counters
 * the customer workflows write (domain/personalization/workspaceEngagementCounters.ts). It reads the family's
 * documents of the look-back by `_id` (readCounterTotals) and answers from an in-process cache for `ttlMs`, so
 * a burst of decisions costs one read per workspace per TTL; concurrent misses share one read. If a refresh
 * fails the last profile read stays in use; with none yet the error goes to the caller (Temporal retries).
 */
export function createReadWorkspaceEngagement(
  models: Pick<Models, 'reportCounters'>,
  { ttlMs = 5 * 60_000, now = Date.now }: WorkspaceEngagementOptions = {},
) {
  const cache = new Map<string, CacheEntry>();
  const reading = new Map<string, Promise<WorkspaceProfile>>();

  async function refresh(workspace: string): Promise<WorkspaceProfile> {
    try {
      const at = now();
      const { from, to } = workspaceLookBack(at);
      const totals = await readCounterTotals(
        models,
        workspace,
        new Date(from),
        new Date(to),
        counterFamily.engagement,
      );
      const profile = workspaceProfileFromCounters(totals, at);
      cache.set(workspace, { profile, readAt: at });
      return profile;
    } catch (error) {
      const known = cache.get(workspace);
      if (known) return known.profile;
      throw error;
    } finally {
      reading.delete(workspace);
    }
  }

  return async function readWorkspaceEngagement({
    workspace,
  }: {
    workspace: string;
  }): Promise<WorkspaceProfile> {
    const cached = cache.get(workspace);
    if (cached && now() - cached.readAt < ttlMs) return cached.profile;
    let pending = reading.get(workspace);
    if (!pending) {
      pending = refresh(workspace);
      reading.set(workspace, pending);
    }
    return pending;
  };
}
