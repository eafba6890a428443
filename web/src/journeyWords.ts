/** A journey's name in words: `serviceRecovery` → "Service recovery", `win_back` → "Win back". */
export function journeyInWords(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.length > 0 ? words[0].toUpperCase() + words.slice(1) : name;
}

/** Steps the journeys record (workflows/journeys/), as a CX lead would say them. */
const STEP_WORDS: Record<string, string> = {
  started: 'just started',
  team_alerted: 'team alerted',
  apology: 'apology sent',
  awaiting_resolution: 'waiting for the case to be resolved',
  escalated_complaint: 'escalated: unhappy again',
  escalated_sla: 'escalated: not resolved in time',
  wait_before_survey: 'case resolved, waiting to send the survey',
  csat_survey: 'survey sent',
  exit_event: 'leaving',
};

/**
 * The step a journey is at, in words: a known step by its words, another by its own name made readable
 * (`awaiting_resolution:matched` → "awaiting resolution: matched"), with "until <time>" when it waits.
 */
export function stepInWords(step: string, detail: unknown, formatTime: (iso: string) => string): string {
  const [base, outcome] = step.split(':');
  const escalation = /^escalated_sla_(\d+)$/.exec(base);
  let words =
    STEP_WORDS[base] ??
    (escalation ? `escalated again (${escalation[1]}×): not resolved in time` : base.replace(/_/g, ' '));
  if (outcome !== undefined)
    words += outcome === 'timed_out' ? ' — timed out' : ` — ${outcome.replace(/_/g, ' ')}`;
  const until =
    outcome === undefined && typeof detail === 'object' && detail !== null
      ? (detail as { until?: unknown }).until
      : undefined;
  if (typeof until === 'string') words += ` until ${formatTime(until)}`;
  return words;
}
