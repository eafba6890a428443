import type { AlertKind } from '../../domain/alerts/alertRule';
import type { IncidentMessage } from '../../domain/alerts/incidentMessage';
import type { SlackPayload } from '../delivery/slackAlertPayload';

/** Slack's block limits: a header holds 150 characters, a section 3,000. */
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

/**
 * An incident's opening or resolved message in Slack's incoming-webhook format, like the team alerts'
 * (activities/delivery/slackAlertPayload.ts) but about a workspace rather than a customer: a header, the
 * numbers and examples as a section, and a context line naming the workspace, the rule and the topic.
 */
export function incidentSlackPayload(
  message: IncidentMessage,
  about: { workspace: string; kind: AlertKind; topic?: string; resolved: boolean },
): SlackPayload {
  const emoji = about.resolved
    ? ':white_check_mark:'
    : about.kind === 'nss_drop'
      ? ':chart_with_downwards_trend:'
      : ':warning:';
  const context = [
    `*${about.resolved ? 'RESOLVED' : 'ALERT'}*`,
    `\`${about.kind}\``,
    ...(about.topic !== undefined ? [`topic \`${escape(about.topic)}\``] : []),
    `workspace \`${escape(about.workspace)}\``,
  ].join('  ·  ');
  return {
    text: `${about.resolved ? '[RESOLVED]' : '[ALERT]'} ${message.title} — ${message.text.split('\n')[0]}`,
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: truncate(`${emoji} ${message.title}`, HEADER_MAX), emoji: true },
      },
      { type: 'section', text: { type: 'mrkdwn', text: truncate(quoted(message.text), SECTION_MAX) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: context }] },
    ],
  };
}

/** Escaped line by line, keeping a leading "> " as Slack's block quote (the examples). */
function quoted(text: string): string {
  return text
    .split('\n')
    .map((line) => escape(line).replace(/^&gt; /, '> '))
    .join('\n');
}

/** Slack mrkdwn control characters: customers' words must not become links or mentions. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
