import type { ActivityOptions } from '@temporalio/workflow';

/**
 * How workflows call `sendTeamAlert`: bounded, so an alert webhook that keeps failing surfaces (a failed journey,
 * a logged error) rather than being retried forever. The alertId is the idempotency key: a retry never posts
 * twice.
 */
export const teamAlertActivityOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 8,
  },
};
