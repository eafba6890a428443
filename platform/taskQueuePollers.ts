import type { WorkflowService } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export interface PollerSeen {
  /** Worker identity; the SDK's default is `<pid>@<hostname>`. */
  identity: string;
  /** When the poller last started a poll (epoch ms). */
  lastAccessMs: number;
}

const { TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY } = temporal.api.enums.v1.TaskQueueType;

/**
 * The pollers Temporal has seen on a task queue, for workflow tasks and for activity tasks (a worker polls
 * both). Temporal keeps a poller listed for minutes after it stopped, so read `lastAccessMs`, not presence.
 */
export async function taskQueuePollers(
  service: WorkflowService,
  namespace: string,
  taskQueue: string,
): Promise<{ workflow: PollerSeen[]; activity: PollerSeen[] }> {
  const describe = async (taskQueueType: temporal.api.enums.v1.TaskQueueType) => {
    const answer = await service.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType,
    });
    return (answer.pollers ?? []).map((p) => ({
      identity: p.identity ?? '',
      lastAccessMs: p.lastAccessTime
        ? Number(p.lastAccessTime.seconds ?? 0) * 1000 + Math.floor((p.lastAccessTime.nanos ?? 0) / 1e6)
        : 0,
    }));
  };
  const [workflow, activity] = await Promise.all([
    describe(TASK_QUEUE_TYPE_WORKFLOW),
    describe(TASK_QUEUE_TYPE_ACTIVITY),
  ]);
  return { workflow, activity };
}

/** Whether a poller for workflow tasks and one for activity tasks started a poll within `freshMs`. */
export function stalePollerKinds(
  pollers: { workflow: PollerSeen[]; activity: PollerSeen[] },
  freshMs: number,
  now: number,
  identity?: (id: string) => boolean,
): ('workflow' | 'activity')[] {
  return (['workflow', 'activity'] as const).filter(
    (kind) =>
      !pollers[kind].some((p) => now - p.lastAccessMs <= freshMs && (identity ? identity(p.identity) : true)),
  );
}

/**
 * A worker's long poll lasts up to a minute on an idle queue, and Temporal records a poller when its poll
 * starts; so a live worker has polled within about 60 s (measured on the dev server: ages up to 55 s).
 * 70 s leaves room for a slow re-poll without calling a dead worker alive for long.
 */
export const POLLER_FRESH_MS = 70_000;
