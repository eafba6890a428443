import type { ArmCounts, Interval, UpliftStatistics } from '../../domain/stats';
import { upliftStatistics, wilsonInterval } from '../../domain/stats';
import type { Arm } from './arms';
import { ARMS, choosesChannel, choosesTime, TREATMENTS } from './arms';
import type { ArchetypeName } from './population';
import { ARCHETYPES } from './population';
import type { ArmTally, SimulationOptions, SimulationResult } from './simulate';

export interface ArmReport {
  arm: Arm;
  customers: number;
  messages: number;
  opens: number;
  /** Opens per campaign message, and its Wilson interval. */
  openRate: number | null;
  ci95: Interval | null;
  /** The mean true chance of an open of the messages as sent: the rate without the draw's noise. */
  expectedOpenRate: number | null;
  /** What-if for "optimal": the true chance had each message gone 1 and 2 hours before the hour chosen. */
  expectedOpenRateEarlier: [number | null, number | null] | null;
  /** Opens per message, week by week: how fast the learner learns. */
  weekly: (number | null)[];
  /** Share of the arm's messages sent at the requested time to keep learning (`explore`). */
  exploredShare: number | null;
  timeReasons: ArmTally['timeReasons'];
  channelReasons: ArmTally['channelReasons'];
  channelShares: Record<string, number>;
  /** Share of messages at the hour the oracle would pick for their channel, and on the channel it would pick. */
  atBestHourShare: number | null;
  onBestChannelShare: number | null;
}

/** What share of the ceiling's lift over fixed sending an arm gets, in true open chances of its own messages. */
export interface OracleShare {
  arm: Arm;
  /**
   * The true chance of the same messages at the campaign's time by email: what the arm's customers would
   * have done as control. It differs from arm to arm by the luck of the draw of customers.
   */
  fixedOpenChance: number;
  /** Mean true open chance as sent, minus the same messages at the campaign's time by email. */
  lift: number;
  /** The best the arm's own kind of choice could do for the same messages (time, channel, or both). */
  ceilingOfItsKind: number;
  shareOfItsKind: number | null;
  /** The best time and channel together (the oracle arm's choice) for the same messages. */
  ceilingOfBoth: number;
  shareOfBoth: number | null;
}

/** A treatment against `fixed`, the control. */
export interface ArmUplift {
  arm: Arm;
  statistics: UpliftStatistics;
}

export interface PersonalizationReport {
  options: SimulationOptions;
  arms: ArmReport[];
  /** Each treatment against `fixed`, per campaign message: upliftStatistics as GET /v1/reports/uplift computes it. */
  upliftPerMessage: ArmUplift[];
  /** The same per customer: opened at least one of the last week's campaign messages. */
  upliftPerCustomerLastWeek: ArmUplift[];
  oracleShares: OracleShare[];
  /** The same per archetype of customer: whom the learner serves well and whom it does not. */
  oracleSharesByArchetype: (OracleShare & {
    archetype: ArchetypeName;
    messages: number;
    fixedOpenChance: number;
  })[];
  /** The learner's sampled lift over the sampled oracle's: (arm − fixed) / (oracle − fixed). */
  sampledShareOfOracle: Partial<Record<Arm, number | null>>;
}

export function buildReport(result: SimulationResult): PersonalizationReport {
  const { arms } = result;
  const perMessage = (arm: Arm): ArmCounts => ({ customers: arms[arm].messages, converted: arms[arm].opens });
  const lastWeek = (arm: Arm): ArmCounts => ({
    customers: arms[arm].customers,
    converted: arms[arm].openedInLastWeek,
  });
  const rate = (arm: Arm): number | null => ratio(arms[arm].opens, arms[arm].messages);
  const fixedRate = rate('fixed');
  const oracleRate = rate('oracle');
  return {
    options: result.options,
    arms: ARMS.map((arm) => armReport(arm, arms[arm])),
    upliftPerMessage: TREATMENTS.map((arm) => ({
      arm,
      statistics: upliftStatistics(perMessage(arm), perMessage('fixed')),
    })),
    upliftPerCustomerLastWeek: TREATMENTS.map((arm) => ({
      arm,
      statistics: upliftStatistics(lastWeek(arm), lastWeek('fixed')),
    })),
    oracleShares: TREATMENTS.map((arm) => oracleShare(arm, arms[arm])),
    oracleSharesByArchetype: TREATMENTS.flatMap((arm) =>
      (Object.keys(ARCHETYPES) as ArchetypeName[]).flatMap((archetype) => {
        const group = arms[arm].byArchetype[archetype];
        if (!group) return [];
        return [
          {
            archetype,
            messages: group.messages,
            ...oracleShare(arm, group),
          },
        ];
      }),
    ),
    sampledShareOfOracle: Object.fromEntries(
      TREATMENTS.map((arm) => {
        const own = rate(arm);
        const share =
          own === null || fixedRate === null || oracleRate === null || oracleRate === fixedRate
            ? null
            : (own - fixedRate) / (oracleRate - fixedRate);
        return [arm, share];
      }),
    ),
  };
}

function armReport(arm: Arm, tally: ArmTally): ArmReport {
  const decided = tally.messages;
  return {
    arm,
    customers: tally.customers,
    messages: tally.messages,
    opens: tally.opens,
    openRate: ratio(tally.opens, tally.messages),
    ci95: wilsonInterval({ customers: tally.messages, converted: tally.opens }),
    expectedOpenRate: ratio(tally.expected, tally.messages),
    expectedOpenRateEarlier: choosesTime(arm)
      ? [ratio(tally.expectedEarlier[0], decided), ratio(tally.expectedEarlier[1], decided)]
      : null,
    weekly: tally.weekly.map((week) => ratio(week.opens, week.messages)),
    exploredShare: choosesTime(arm) ? ratio(tally.timeReasons.explore ?? 0, decided) : null,
    timeReasons: tally.timeReasons,
    channelReasons: tally.channelReasons,
    channelShares: Object.fromEntries(
      Object.entries(tally.channels).map(([channel, n]) => [channel, ratio(n ?? 0, decided) ?? 0]),
    ),
    atBestHourShare: ratio(tally.atBestHour, decided),
    onBestChannelShare: ratio(tally.onBestChannel, decided),
  };
}

function oracleShare(arm: Arm, tally: Pick<ArmTally, 'messages' | 'expected' | 'ceiling'>): OracleShare {
  const n = tally.messages;
  const { fixed, bestTime, bestChannel, bestBoth } = tally.ceiling;
  const lift = (tally.expected - fixed) / n;
  const kind =
    choosesTime(arm) && !choosesChannel(arm)
      ? bestTime
      : choosesChannel(arm) && !choosesTime(arm)
        ? bestChannel
        : bestBoth;
  const ceilingOfItsKind = (kind - fixed) / n;
  const ceilingOfBoth = (bestBoth - fixed) / n;
  return {
    arm,
    fixedOpenChance: fixed / n,
    lift,
    ceilingOfItsKind,
    shareOfItsKind: ceilingOfItsKind > 0 ? lift / ceilingOfItsKind : null,
    ceilingOfBoth,
    shareOfBoth: ceilingOfBoth > 0 ? lift / ceilingOfBoth : null,
  };
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
