// PLACEHOLDER on the `reports` branch only, so that the API typechecks before storage's reader is merged:
// the real storage/reportCounters.ts (branch `counters`) replaces this file whole at the merge.
import type { CounterTotals } from '../domain/reports/reportCounters';
import type { Models } from './models';

export function readCounterTotals(
  _models: Models,
  _workspace: string,
  _from: Date,
  _to: Date,
): Promise<CounterTotals> {
  return Promise.reject(new Error('readCounterTotals: not built'));
}
