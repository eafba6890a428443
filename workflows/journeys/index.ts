// Every journey workflow, for the worker's bundle (workflows/index.ts re-exports these).
export { advocacyJourney } from './advocacy';
export { cartRecoveryJourney } from './cartRecovery';
export { serviceRecoveryJourney } from './serviceRecovery';
export { winBackJourney } from './winBack';
