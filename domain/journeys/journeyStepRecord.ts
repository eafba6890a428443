/** One step of a journey, as the timeline shows it. */
export interface JourneyStepRecord {
  workspace: string;
  customerId: string;
  journeyId: string;
  journey: string;
  /** Position in the journey (0-based): with journeyId, the record's key. */
  seq: number;
  /** e.g. `started`, `waiting`, `apology`, `team_alerted`, `escalated`, `exited`, `completed`, `failed`. */
  step: string;
  /** ISO-8601, the workflow's time of the step. */
  at: string;
  detail?: Record<string, unknown>;
}
