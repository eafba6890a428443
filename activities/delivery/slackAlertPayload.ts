import type { AlertSeverity } from '../../domain/alerts/alertSeverity';
import type { TeamAlert } from './teamAlert';

/** Slack's incoming-webhook message: `text` is the notification fallback, `blocks` the rendered message. */
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: true } }
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] };

const EMOJI: Record<AlertSeverity, string> = {
  info: ':information_source:',
  warning: ':warning:',
  critical: ':rotating_light:',
};

/** Slack's block limits: a header holds 150 characters, a section 3,000. Longer text is refused, not cut. */
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

/**
 * A team alert in Slack's incoming-webhook format (also understood by Mattermost, Rocket.Chat and most
 * "Slack-compatible" receivers). The link is an mrkdwn link rather than a button: buttons need a Slack app
 * with interactivity, a plain incoming webhook does not.
 */
export function slackAlertPayload(alert: TeamAlert): SlackPayload {
  const severity = alert.severity ?? 'warning';
  const title = truncate(`${EMOJI[severity]} ${alert.title}`, HEADER_MAX);
  const link = alert.link ? `\n<${alert.link.replace(/[|>]/g, encodeURIComponent)}|Open in Tutti>` : '';
  const context = [
    `*${severity.toUpperCase()}*`,
    `customer \`${escape(alert.customerId)}\``,
    `workspace \`${escape(alert.workspace)}\``,
    ...(alert.caseId ? [`case \`${escape(alert.caseId)}\``] : []),
  ].join('  ·  ');
  return {
    text: `[${severity.toUpperCase()}] ${alert.title} — customer ${alert.customerId}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title, emoji: true } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncate(escape(alert.text), SECTION_MAX - link.length) + link },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: context }] },
    ],
  };
}

/** Slack mrkdwn control characters; customer text must not become links or mentions. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
