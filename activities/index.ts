import type { Models } from '../storage/models';
import { createProjectCustomer } from './projectCustomer';
import { scoreSentiment } from './scoreSentiment';

export interface ActivityDependencies {
  models: Models;
}

/** Every activity the worker registers, bound to its dependencies. Workflows import the *type* only. */
export function createActivities(deps: ActivityDependencies) {
  return {
    scoreSentiment,
    projectCustomer: createProjectCustomer(deps.models),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { CustomerProjection, ProcessedEvent } from './projectCustomer';
