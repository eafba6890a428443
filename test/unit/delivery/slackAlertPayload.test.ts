import { describe, expect, it } from 'vitest';
import { slackAlertPayload } from '../../../activities/delivery/slackAlertPayload';
import type { TeamAlert } from '../../../activities/delivery/teamAlert';

const alert: TeamAlert = {
  alertId: 'alert-1',
  workspace: 'acme',
  customerId: 'c-42',
  title: 'Service case opened',
  text: 'Customer wrote: "My order never arrived"',
  caseId: 'case-7',
  severity: 'critical',
  link: 'https://tutti.example/customers/c-42',
};

describe('slackAlertPayload', () => {
  it('is an incoming-webhook message: fallback text plus header, section and context blocks', () => {
    const payload = slackAlertPayload(alert);
    expect(payload.text).toBe('[CRITICAL] Service case opened — customer c-42');
    expect(payload.blocks).toEqual([
      {
        type: 'header',
        text: { type: 'plain_text', text: ':rotating_light: Service case opened', emoji: true },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'Customer wrote: "My order never arrived"\n<https://tutti.example/customers/c-42|Open in Tutti>',
        },
      },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: '*CRITICAL*  ·  customer `c-42`  ·  workspace `acme`  ·  case `case-7`' },
        ],
      },
    ]);
  });

  it('defaults to warning and leaves out the case and the link when there are none', () => {
    const { caseId: _c, severity: _s, link: _l, ...bare } = alert;
    const payload = slackAlertPayload(bare);
    expect(payload.text.startsWith('[WARNING]')).toBe(true);
    expect(payload.blocks[0]).toMatchObject({ text: { text: ':warning: Service case opened' } });
    expect(JSON.stringify(payload)).not.toMatch(/case `|Open in Tutti/);
  });

  it('escapes customer text so it cannot become a mention or a link', () => {
    const payload = slackAlertPayload({
      ...alert,
      text: '<!channel> & <https://evil.test|click>',
      link: undefined,
    });
    expect(payload.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '&lt;!channel&gt; &amp; &lt;https://evil.test|click&gt;' },
    });
  });

  it("keeps within Slack's block limits (header 150, section 3,000 characters)", () => {
    const payload = slackAlertPayload({ ...alert, title: 'T'.repeat(500), text: 'x'.repeat(10_000) });
    const [header, section] = payload.blocks as any[];
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    expect(section.text.text.length).toBeLessThanOrEqual(3000);
    expect(section.text.text).toMatch(/…\n<https:\/\/tutti\.example\/customers\/c-42\|Open in Tutti>$/);
  });
});
