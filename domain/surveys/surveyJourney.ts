import type { ReportState } from '../reports/reportState';

/** A survey answers for the journey whose message reached the customer at most this long before it. */
export const SURVEY_ATTRIBUTION_MS = 7 * 86_400_000;

/**
 * The longest journey a survey may name, as a journey or campaign name elsewhere (api/routes/reports.ts
 * MAX_SCOPE_NAME): a longer `properties.journey` is no journey's name — more likely an id pasted in the wrong
 * field, which would make a counter of its own for every survey — and is passed over.
 */
export const MAX_SURVEY_JOURNEY_NAME = 128;

/**
 * The journey a survey is about (docs/SURVEYS.md, "Attribution"): the one the survey names in
 * `properties.journey` (a non-empty string of at most 128 characters), else the journey of the newest journey message sent to the
 * customer in the 7 days up to the survey's occurredAt — a survey usually follows the message that asked
 * for it, or the experience that message was part of — else none. A message sent after the survey cannot
 * have prompted it and is not looked at.
 */
export function surveyJourney(
  report: Pick<ReportState, 'messages'>,
  occurredAt: number,
  properties: Readonly<Record<string, unknown>>,
): string | undefined {
  const named = properties.journey;
  if (typeof named === 'string' && named.length > 0 && [...named].length <= MAX_SURVEY_JOURNEY_NAME) {
    return named;
  }
  let newest: { sentAt: number; journey: string } | undefined;
  for (const { sentAt, journey } of report.messages) {
    if (journey === undefined || sentAt > occurredAt || sentAt < occurredAt - SURVEY_ATTRIBUTION_MS) continue;
    if (newest === undefined || sentAt >= newest.sentAt) newest = { sentAt, journey };
  }
  return newest?.journey;
}
