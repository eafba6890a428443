// bench/personalization: how much "sendAt": "optimal" and "channel": "auto" lift opens over a fixed time and
// channel, on a synthetic population whose true best hours and channels differ per customer.
//   npm run bench:personalization -- [--customers 20000] [--weeks 8] [--seed tutti] [--explore-percent 10]
//                                    [--prior-strength 5] [--no-quiet-hours] [--workspace-prior learned|uniform]
//                                    [--other-per-week 1] [--timing-ms 1000] [--json]
// Pure: no servers. The decisions are the real domain/personalization functions, the arms are drawn by the
// holdout hash, the uplift by domain/stats. docs/BENCHMARKS.md ("Personalization") has the model and figures.
import { parseArgs } from 'node:util';
import { formatReport } from './personalization/format';
import { buildReport } from './personalization/report';
import type { SimulationOptions } from './personalization/simulate';
import { DEFAULT_OPTIONS, simulate } from './personalization/simulate';
import { formatDecisionSpeeds, measureDecisions } from './personalization/timing';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: String(DEFAULT_OPTIONS.customers) },
    weeks: { type: 'string', default: String(DEFAULT_OPTIONS.weeks) },
    seed: { type: 'string', default: DEFAULT_OPTIONS.seed },
    'explore-percent': { type: 'string', default: String(DEFAULT_OPTIONS.explorePercent) },
    'prior-strength': { type: 'string', default: String(DEFAULT_OPTIONS.priorStrength) },
    'no-quiet-hours': { type: 'boolean', default: false },
    'workspace-prior': { type: 'string', default: DEFAULT_OPTIONS.workspacePrior },
    'other-per-week': { type: 'string', default: String(DEFAULT_OPTIONS.otherMessagesPerWeek) },
    'timing-ms': { type: 'string', default: '1000' },
    json: { type: 'boolean', default: false },
  },
});

function wholeNumber(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`--${name} must be a whole number ≥ ${min}, got ${text}`);
  return value;
}

function main(): void {
  const workspacePrior = values['workspace-prior'];
  if (workspacePrior !== 'learned' && workspacePrior !== 'uniform') {
    throw new Error(`--workspace-prior must be learned or uniform, got ${workspacePrior}`);
  }
  const explorePercent = Number(values['explore-percent']);
  if (!(explorePercent >= 0 && explorePercent <= 100)) {
    throw new Error(`--explore-percent must be between 0 and 100, got ${values['explore-percent']}`);
  }
  const options: SimulationOptions = {
    customers: wholeNumber('customers', values.customers, 5),
    weeks: wholeNumber('weeks', values.weeks, 1),
    seed: values.seed,
    explorePercent,
    priorStrength: wholeNumber('prior-strength', values['prior-strength'], 0),
    quietHours: !values['no-quiet-hours'],
    workspacePrior,
    otherMessagesPerWeek: wholeNumber('other-per-week', values['other-per-week'], 0),
  };
  const started = performance.now();
  const result = simulate(options);
  const simulationSeconds = (performance.now() - started) / 1000;
  const report = buildReport(result);
  const speeds = measureDecisions(result.samples, options, wholeNumber('timing-ms', values['timing-ms'], 0));
  if (values.json) {
    console.log(JSON.stringify({ ...report, decisionsPerSecond: speeds, simulationSeconds }, null, 2));
    return;
  }
  console.log(
    formatReport(report, speeds.length > 0 ? formatDecisionSpeeds(speeds, result.samples.length) : undefined),
  );
  console.log(`\nsimulated in ${simulationSeconds.toFixed(1)} s`);
}

main();
