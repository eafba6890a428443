// The messages of bench/contact-decisions' baseline workflows (index.ts): the benchmark imports these, not
// the workflows themselves, which only its worker loads.
import { defineUpdate } from '@temporalio/workflow';

/** The cheapest Update there is: a synchronous handler that returns a constant. */
export const noopUpdate = defineUpdate<number, [number]>('noop');

/** Diagnostic: an Update that only calls the `currentPolicy` local activity, as a decision does first. */
export const policyNoopUpdate = defineUpdate<number, [string]>('policyNoop');
