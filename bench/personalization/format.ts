import type { Interval } from '../../domain/stats';
import type { ArmReport, ArmUplift, PersonalizationReport } from './report';

/**
 * A Markdown table, the first `textColumns` left-aligned and the numbers after them right-aligned: what the
 * run prints is what docs/BENCHMARKS.md shows.
 */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  textColumns = 1,
): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i].length)));
  const numeric = headers.map((_, i) => i >= textColumns);
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

export function percent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return '–';
  const shown = (Math.abs(value) * 100).toFixed(digits);
  return `${value < 0 && Number(shown) !== 0 ? '−' : ''}${shown} %`;
}

function points(value: number | null, digits = 2): string {
  return value === null ? '–' : `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(digits)} pp`;
}

function range(interval: Interval | null, show: (v: number) => string): string {
  return interval === null ? '–' : `${show(interval[0])} to ${show(interval[1])}`;
}

const signed = (digits: number) => (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(digits)}`;

function upliftRows(uplifts: readonly ArmUplift[]): string[][] {
  return uplifts.map(({ arm, statistics: row }) => [
    arm,
    percent(row.treatment.rate, 2),
    percent(row.control.rate, 2),
    points(row.absoluteLift.value),
    range(row.absoluteLift.ci95, signed(2)),
    row.relativeLift.value === null ? '–' : `${signed(1)(row.relativeLift.value)} %`,
    range(row.relativeLift.ci95, signed(1)),
    row.pValue === null ? '–' : row.pValue < 1e-4 ? '< 0.0001' : row.pValue.toFixed(4),
    row.significant ? 'yes' : 'no',
  ]);
}

const UPLIFT_HEADERS = [
  'treatment vs fixed',
  'treatment',
  'control',
  'absolute lift',
  '95 % CI (pp)',
  'relative lift',
  '95 % CI (%)',
  'p',
  'significant',
];

function reasons(arm: ArmReport): string {
  const all = { ...arm.timeReasons, ...arm.channelReasons };
  const total = arm.messages;
  const parts = Object.entries(all).map(([reason, n]) => `${reason} ${percent((n ?? 0) / total, 0)}`);
  return parts.length === 0 ? '–' : parts.join(', ');
}

/** The whole report as text: arms, uplift, learning by week, the oracle's share, decisions and their speed. */
export function formatReport(report: PersonalizationReport, decisionsPerSecond: string | undefined): string {
  const { options } = report;
  const sections: string[] = [];
  sections.push(
    `${options.customers.toLocaleString('en')} customers, ${options.weeks} weeks, 3 campaign messages a week ` +
      `(Tue/Thu/Sat 10:00 Europe/Paris), seed "${options.seed}"; explore ${options.explorePercent} %, ` +
      `k = ${options.priorStrength}, quiet hours ${options.quietHours ? '21:00–08:00' : 'none'}, ` +
      `workspace prior ${options.workspacePrior}, ${options.otherMessagesPerWeek} other message(s) a week`,
  );
  sections.push(
    markdownTable(
      [
        'arm',
        'customers',
        'messages',
        'opens',
        'open rate',
        '95 % CI',
        'true open chance',
        'best hour',
        'best channel',
      ],
      report.arms.map((arm) => [
        arm.arm,
        arm.customers.toLocaleString('en'),
        arm.messages.toLocaleString('en'),
        arm.opens.toLocaleString('en'),
        percent(arm.openRate, 2),
        range(arm.ci95, (v) => (v * 100).toFixed(2)),
        percent(arm.expectedOpenRate, 2),
        percent(arm.atBestHourShare, 0),
        percent(arm.onBestChannelShare, 0),
      ]),
    ),
  );
  sections.push('Uplift per campaign message (domain/stats upliftStatistics, as GET /v1/reports/uplift):');
  sections.push(markdownTable(UPLIFT_HEADERS, upliftRows(report.upliftPerMessage)));
  sections.push('Uplift per customer: opened at least one of the last week’s messages:');
  sections.push(markdownTable(UPLIFT_HEADERS, upliftRows(report.upliftPerCustomerLastWeek)));
  sections.push('Open rate per week:');
  sections.push(
    markdownTable(
      ['arm', ...report.arms[0].weekly.map((_, i) => `week ${i + 1}`)],
      report.arms.map((arm) => [arm.arm, ...arm.weekly.map((rate) => percent(rate, 1))]),
    ),
  );
  sections.push('Share of the ceiling’s lift (true open chances of each arm’s own messages, no draw noise):');
  sections.push(
    markdownTable(
      [
        'arm',
        'same messages fixed',
        'lift over fixed',
        'ceiling of its kind',
        'share',
        'ceiling of both',
        'share of both',
        'sampled share of oracle arm',
      ],
      report.oracleShares.map((share) => [
        share.arm,
        percent(share.fixedOpenChance, 2),
        points(share.lift),
        points(share.ceilingOfItsKind),
        percent(share.shareOfItsKind, 0),
        points(share.ceilingOfBoth),
        percent(share.shareOfBoth, 0),
        percent(report.sampledShareOfOracle[share.arm], 0),
      ]),
    ),
  );
  sections.push('By archetype (true open chances of each arm’s own messages):');
  sections.push(
    markdownTable(
      ['arm', 'archetype', 'messages', 'fixed', 'lift over fixed', 'ceiling of its kind', 'share'],
      report.oracleSharesByArchetype.map((share) => [
        share.arm,
        share.archetype,
        share.messages.toLocaleString('en'),
        percent(share.fixedOpenChance, 1),
        points(share.lift),
        points(share.ceilingOfItsKind),
        percent(share.shareOfItsKind, 0),
      ]),
      2,
    ),
  );
  sections.push(
    'What if "optimal" aimed earlier (true open chance had each message gone 1 or 2 hours before the hour chosen):',
  );
  sections.push(
    markdownTable(
      ['arm', 'as sent', '1 hour earlier', '2 hours earlier'],
      report.arms
        .filter((arm) => arm.expectedOpenRateEarlier !== null)
        .map((arm) => [
          arm.arm,
          percent(arm.expectedOpenRate, 2),
          percent(arm.expectedOpenRateEarlier![0], 2),
          percent(arm.expectedOpenRateEarlier![1], 2),
        ]),
    ),
  );
  sections.push('Decisions:');
  sections.push(
    markdownTable(
      ['arm', 'reasons', 'channels', 'explored'],
      report.arms.map((arm) => [
        arm.arm,
        reasons(arm),
        Object.entries(arm.channelShares)
          .map(([channel, share]) => `${channel} ${percent(share, 0)}`)
          .join(', '),
        percent(arm.exploredShare, 1),
      ]),
      3,
    ),
  );
  if (decisionsPerSecond) sections.push(decisionsPerSecond);
  return sections.join('\n\n');
}
