/**
 * Every journey workflow's contract: the signal and query all journeys answer, and the input the customer
 * workflow starts them with. A leaf module: the customer workflow, the API, scripts and tests import this
 * file, never the journey runtime.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CustomerTraits } from '../../domain/customer/customerState';
import type { HoldoutGroup } from '../../domain/holdout/assignment';
import type { JourneyEvent } from '../../domain/journeys/journeyEvent';
import type { JourneySettings } from '../../domain/journeys/journeyRegistration';
import type { JourneyStatus } from '../../domain/journeys/journeysState';

/** Events the customer workflow forwards to the journeys a customer is in, with their sentiment. */
export const journeyEventsSignal = defineSignal<[JourneyEvent[]]>('journeyEvents');
/** Where the journey is: its steps so far and what it is waiting for (for ops in the Temporal UI). */
export const journeyProgressQuery = defineQuery<JourneyProgress>('progress');

/** What every journey workflow is started with, by the customer workflow. */
export interface JourneyInput<T = unknown, S extends JourneySettings = JourneySettings> {
  workspace: string;
  customerId: string;
  /** The customer's workflow: the single writer of the ledger every message of the journey goes through. */
  customerWorkflowId: string;
  journeyId: string;
  name: string;
  /** The n-th time this customer entered the journey. */
  run: number;
  /** ISO-8601: when the customer workflow started it. */
  startedAt: string;
  /** What the trigger said about why the journey started. */
  trigger: T;
  /** The event that started it. */
  triggeredBy: string;
  /** The journey's settings from the policy version in force when it started. */
  settings: S;
  policyVersion: number;
  /** The customer's traits when the journey started (tier, time zone, ...). */
  traits: CustomerTraits;
  /**
   * The run's holdout arm, when the policy holds out a share of this journey. A `control` run runs as any
   * other (so both arms are measured alike); the ledger suppresses its marketing sends with reason `holdout`.
   */
  arm?: HoldoutGroup;
}

export interface JourneyProgress {
  journeyId: string;
  status: 'running' | JourneyStatus;
  waitingFor?: string;
  steps: { step: string; at: string; detail?: Record<string, unknown> }[];
}
