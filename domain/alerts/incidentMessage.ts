import type { RuleEvaluation } from './alertRule';
import type { IncidentExample } from './incidentExamples';
import type { Incident } from './incidents';

/** An alert's words, for Slack and for the store: a title and a body in plain text. */
export interface IncidentMessage {
  title: string;
  text: string;
}

const hourText = (at: number) => `${new Date(at).toISOString().slice(0, 13)}:00Z`;

/** What opening an incident says: what moved, by how much against what baseline, and a few verbatims. */
export function openingMessage(
  incident: Incident,
  evaluation: RuleEvaluation,
  examples: readonly IncidentExample[],
  team?: string,
): IncidentMessage {
  const { value, mean, sd, threshold, mentions, window, baseline } = evaluation;
  const forTeam = team ? ` (for ${team})` : '';
  const windowEnd = hourText(incident.openedAt);
  const title =
    incident.kind === 'topic_spike'
      ? `Spike in negative mentions of "${incident.topic}"${forTeam}`
      : `Net sentiment dropped${forTeam}`;
  const what =
    incident.kind === 'topic_spike'
      ? `${value} negative mentions of "${incident.topic}" in the ${window} to ${windowEnd}; ` +
        `the ${baseline} before averaged ${mean} per ${window} (sd ${sd}), threshold ${threshold}.`
      : `NSS ${value} over ${mentions} scored events in the ${window} to ${windowEnd}; ` +
        `the ${baseline} before averaged ${mean} per ${window} (sd ${sd}), threshold ${threshold}.`;
  const quoted = examples.map((e) => `> ${oneLine(e.text)} (score ${Math.round(e.score * 100) / 100})`);
  return { title, text: [what, ...(quoted.length > 0 ? ['', 'Examples:', ...quoted] : [])].join('\n') };
}

/** What closing one says: it is over, and since when. */
export function resolvedMessage(incident: Incident): IncidentMessage {
  const subject =
    incident.kind === 'topic_spike'
      ? `negative mentions of "${incident.topic}"`
      : 'the drop in net sentiment';
  const closedAt = incident.closedAt ?? incident.openedAt;
  return {
    title: `Resolved: ${subject}`,
    text: `Back within the rule's threshold from ${hourText(closedAt)} (opened ${hourText(incident.openedAt)}).`,
  };
}

const MAX_EXAMPLE_CHARACTERS = 280;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_EXAMPLE_CHARACTERS ? flat : `${flat.slice(0, MAX_EXAMPLE_CHARACTERS - 1)}…`;
}
