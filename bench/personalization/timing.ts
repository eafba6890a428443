import { defaultPolicy } from '../../domain/policy/defaultPolicy';
import { chooseChannel, chooseSendTime, OPTIMAL_WINDOW_MS } from '../../domain/personalization';
import type { SendRules } from './campaign';
import { allowedTimes, firstAllowedIn } from './campaign';
import type { DecisionSample, SimulationOptions } from './simulate';
import { markdownTable } from './format';

export interface DecisionSpeed {
  decision: string;
  perSecond: number;
  /** Against the fixed-time decision (the first instant quiet hours allow) of the same run. */
  timesBaseline: number;
}

/**
 * Decisions per second of the pure functions on real inputs (profiles of the run's last week), beside the
 * decision every fixed-time marketing message already makes: the first instant quiet hours allow. Each is
 * called over the samples round after round until `budgetMs` has passed; the ratios are what to compare.
 */
export function measureDecisions(
  samples: readonly DecisionSample[],
  options: SimulationOptions,
  budgetMs: number,
): DecisionSpeed[] {
  if (samples.length === 0) return [];
  const rules: SendRules = { quietHours: options.quietHours ? defaultPolicy.quietHours : undefined };
  const window = (s: DecisionSample) => ({ from: s.requestedAt, until: s.requestedAt + OPTIMAL_WINDOW_MS });
  const paths: [string, (s: DecisionSample) => unknown][] = [
    [
      'fixed time (first instant quiet hours allow)',
      (s) => firstAllowedIn(rules, s.customer.zone, s.requestedAt, window(s).until),
    ],
    [
      'chooseSendTime',
      (s) =>
        chooseSendTime(
          s.profile,
          s.workspace,
          window(s),
          s.customer.zone,
          allowedTimes(rules, s.customer.zone),
          { share: options.explorePercent / 100, seed: s.messageId },
          s.requestedAt,
          options.priorStrength,
        ),
    ],
    ['chooseChannel', (s) => chooseChannel(s.profile, s.customer.reachable, defaultPolicy, s.requestedAt)],
  ];
  const perSecond = paths.map(([, decide]) => callsPerSecond(samples, decide, budgetMs));
  return paths.map(([decision], i) => ({
    decision,
    perSecond: perSecond[i],
    timesBaseline: perSecond[i] / perSecond[0],
  }));
}

function callsPerSecond(
  samples: readonly DecisionSample[],
  decide: (s: DecisionSample) => unknown,
  budgetMs: number,
): number {
  for (const sample of samples) decide(sample); // warm-up: compiled before it is timed
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    for (const sample of samples) decide(sample);
    calls += samples.length;
    elapsed = performance.now() - started;
  }
  return (calls / elapsed) * 1000;
}

export function formatDecisionSpeeds(speeds: readonly DecisionSpeed[], samples: number): string {
  return [
    `Decisions per second (one core, ${samples} last-week decisions of the optimal-time+auto-channel arm):`,
    markdownTable(
      ['decision', 'per second', '× fixed time'],
      speeds.map((s) => [
        s.decision,
        Math.round(s.perSecond).toLocaleString('en'),
        s.timesBaseline.toFixed(3),
      ]),
    ),
  ].join('\n\n');
}
