import { defaultPolicy } from '../../domain/policy/defaultPolicy';
import type {
  AllowedTimes,
  ChannelReason,
  EngagementProfile,
  SendTimeReason,
  WorkspaceProfile,
} from '../../domain/personalization';
import {
  chooseChannel,
  chooseSendTime,
  emptyEngagementProfile,
  HOURS_OF_WEEK,
  OPTIMAL_WINDOW_MS,
  profileAsOf,
  recordDelivered,
  recordEngagement,
  uniformWorkspaceProfile,
} from '../../domain/personalization';
import type { Arm } from './arms';
import { ARMS, armOf, choosesChannel, choosesTime } from './arms';
import type { Landing, SendRules } from './campaign';
import {
  campaignSends,
  candidateLandings,
  firstAllowedIn,
  isAllowed,
  rememberingAllowedTimes,
  SIMULATION_START,
  WEEK_MS,
} from './campaign';
import type { OpenProbabilities } from './openModel';
import { openProbabilities, sampleOpenDelayHours } from './openModel';
import { bestSend } from './oracle';
import type { ArchetypeName, SimChannel, SimCustomer } from './population';
import { generatePopulation } from './population';
import type { Random } from './random';
import { seededRandom } from './random';
import { hourOfWeekAt } from '../../domain/personalization';
import { zoneOrUtc } from '../../domain/personalization/hourOfWeek';

const HOUR_MS = 3_600_000;

export interface SimulationOptions {
  customers: number;
  weeks: number;
  seed: string;
  /** The policy's `sendTime.explorePercent`. */
  explorePercent: number;
  /** The policy's `sendTime.priorStrength` (k). */
  priorStrength: number;
  /** Marketing quiet hours as the default policy has them (21:00–08:00 on the customer's clock), or none. */
  quietHours: boolean;
  /** The prior "optimal" shrinks toward: every customer's hours summed at the start of each week, or uniform. */
  workspacePrior: 'learned' | 'uniform';
  /** Messages a week, outside the campaign, on the customer's other reachable channels (journeys, service). */
  otherMessagesPerWeek: number;
}

export const DEFAULT_OPTIONS: SimulationOptions = {
  customers: 20_000,
  weeks: 8,
  seed: 'tutti',
  explorePercent: defaultPolicy.sendTime.explorePercent,
  priorStrength: defaultPolicy.sendTime.priorStrength,
  quietHours: true,
  workspacePrior: 'learned',
  otherMessagesPerWeek: 1,
};

/** Sums over an arm's campaign messages; `expected*` are true open chances, not draws. */
export interface ArmTally {
  customers: number;
  messages: number;
  opens: number;
  weekly: { messages: number; opens: number }[];
  /** The true chance of an open of each message as sent. */
  expected: number;
  /** For the same messages: the true chance at the campaign's time by email, and at the best time, channel, both. */
  ceiling: Ceiling;
  /** The arm's messages, true chances as sent and ceilings, per archetype of customer. */
  byArchetype: Partial<Record<ArchetypeName, { messages: number; expected: number; ceiling: Ceiling }>>;
  timeReasons: Partial<Record<SendTimeReason, number>>;
  channelReasons: Partial<Record<ChannelReason, number>>;
  channels: Partial<Record<SimChannel, number>>;
  /**
   * What-if, not sent: the true chance had each "optimal" message (not the explored ones) gone 1 and 2 hours
   * before the hour chosen (when that hour is allowed and in the window; else as chosen). The learner aims
   * at the hour people open; a message waiting in the inbox may do better landing before it.
   */
  expectedEarlier: [oneHour: number, twoHours: number];
  /** Messages sent at the hour the oracle picks for the channel used. */
  atBestHour: number;
  /** Messages sent on the channel the oracle picks for the instant used. */
  onBestChannel: number;
  /** Customers who opened at least one of the last week's campaign messages. */
  openedInLastWeek: number;
}

export interface Ceiling {
  fixed: number;
  bestTime: number;
  bestChannel: number;
  bestBoth: number;
}

/** The inputs of real decisions of the last week, to time the pure functions on. */
export interface DecisionSample {
  profile: EngagementProfile;
  workspace: WorkspaceProfile;
  customer: SimCustomer;
  requestedAt: number;
  messageId: string;
}

export interface SimulationResult {
  options: SimulationOptions;
  arms: Record<Arm, ArmTally>;
  samples: DecisionSample[];
}

interface ProfileEvent {
  at: number;
  kind: 'delivered' | 'engaged';
  channel: SimChannel;
  messageId: string;
}

interface CustomerRun {
  customer: SimCustomer;
  arm: Arm;
  probabilities: OpenProbabilities;
  profile: EngagementProfile;
  /** Deliveries and opens not yet known at the last decision. */
  pending: ProfileEvent[];
  opens: Random;
  otherTraffic: Random;
  openedInLastWeek: boolean;
}

const SAMPLES_KEPT = 1_000;

/**
 * Runs the campaign through the real pure functions: every customer carries an EngagementProfile, which
 * learns, as the customer workflow's does, from `recordDelivered` when a message goes out and
 * `recordEngagement` when the person opens it (known to a decision only once it has happened).
 */
export function simulate(options: SimulationOptions): SimulationResult {
  const rules: SendRules = { quietHours: options.quietHours ? defaultPolicy.quietHours : undefined };
  const runs = generatePopulation(options.customers, options.seed).map((customer): CustomerRun => ({
    customer,
    arm: armOf(customer.id, options.seed),
    probabilities: openProbabilities(customer),
    profile: emptyEngagementProfile(),
    pending: [],
    opens: seededRandom(`${options.seed}:opens:${customer.id}`),
    otherTraffic: seededRandom(`${options.seed}:other:${customer.id}`),
    openedInLastWeek: false,
  }));
  const arms = Object.fromEntries(ARMS.map((arm) => [arm, emptyTally(options.weeks)])) as Record<
    Arm,
    ArmTally
  >;
  for (const run of runs) arms[run.arm].customers += 1;

  const landingsCache = new Map<string, Landing[]>();
  const landingsFor = (zone: string, requestedAt: number): Landing[] => {
    const key = `${zone}|${requestedAt}`;
    let landings = landingsCache.get(key);
    if (!landings) {
      landings = candidateLandings(rules, zone, requestedAt);
      landingsCache.set(key, landings);
    }
    return landings;
  };
  const allowedCache = new Map<string, AllowedTimes>();
  const allowedFor = (zone: string): AllowedTimes => {
    let allowed = allowedCache.get(zone);
    if (!allowed) {
      allowed = rememberingAllowedTimes(rules, zone);
      allowedCache.set(zone, allowed);
    }
    return allowed;
  };

  const samples: DecisionSample[] = [];
  const sends = campaignSends(options.weeks);
  let workspace = uniformWorkspaceProfile();
  for (let week = 0; week < options.weeks; week++) {
    const weekStart = SIMULATION_START + week * WEEK_MS;
    for (const run of runs) {
      scheduleOtherTraffic(run, week, weekStart, options, rules);
      applyKnown(run, weekStart);
    }
    if (options.workspacePrior === 'learned') workspace = workspaceOf(runs, weekStart);

    for (const { slot, requestedAt } of sends.filter((send) => send.week === week)) {
      for (const run of runs) {
        const { customer, arm, probabilities } = run;
        const tally = arms[arm];
        applyKnown(run, requestedAt);
        const messageId = `${options.seed}:${customer.id}:w${week}:s${slot}`;
        const landings = landingsFor(customer.zone, requestedAt);
        const fixed = landings[0];

        let channel: SimChannel = 'email';
        let landing = fixed;
        let earlier: Landing[] | undefined;
        if (choosesChannel(arm)) {
          const choice = chooseChannel(run.profile, customer.reachable, defaultPolicy, requestedAt);
          if (choice) channel = choice.channel as SimChannel;
          if (choice) count(tally.channelReasons, choice.reason);
        }
        if (choosesTime(arm)) {
          const choice = chooseSendTime(
            run.profile,
            workspace,
            { from: requestedAt, until: requestedAt + OPTIMAL_WINDOW_MS },
            customer.zone,
            allowedFor(customer.zone),
            { share: options.explorePercent / 100, seed: messageId },
            requestedAt,
            options.priorStrength,
          );
          count(tally.timeReasons, choice.reason);
          if (choice.at !== undefined) landing = { at: choice.at, hour: choice.hour };
          earlier = [1, 2].map((hours) => {
            const before =
              choice.reason === 'explore'
                ? undefined
                : landings.find((l) => l.at === landing.at - hours * HOUR_MS);
            return before ?? landing;
          });
          if (
            arm === 'optimal-time+auto-channel' &&
            week === options.weeks - 1 &&
            samples.length < SAMPLES_KEPT
          ) {
            samples.push({ profile: run.profile, workspace, customer, requestedAt, messageId });
          }
        }
        if (arm === 'oracle') {
          const best = bestSend(probabilities, customer.reachable, landings)!;
          channel = best.channel;
          landing = best;
        }

        const send = (channels: readonly SimChannel[], at: readonly Landing[]) =>
          bestSend(probabilities, channels, at)!;
        const expected = probabilities[channel][landing.hour];
        const ceiling: Ceiling = {
          fixed: probabilities.email[fixed.hour],
          bestTime: send(['email'], landings).probability,
          bestChannel: send(customer.reachable, [fixed]).probability,
          bestBoth: send(customer.reachable, landings).probability,
        };
        tally.expected += expected;
        tally.expectedEarlier[0] += probabilities[channel][(earlier?.[0] ?? landing).hour];
        tally.expectedEarlier[1] += probabilities[channel][(earlier?.[1] ?? landing).hour];
        addCeiling(tally.ceiling, ceiling);
        const group = (tally.byArchetype[customer.archetype] ??= {
          messages: 0,
          expected: 0,
          ceiling: noCeiling(),
        });
        group.messages += 1;
        group.expected += expected;
        addCeiling(group.ceiling, ceiling);
        if (send([channel], landings).at === landing.at) tally.atBestHour += 1;
        if (send(customer.reachable, [landing]).channel === channel) tally.onBestChannel += 1;
        count(tally.channels, channel);

        if (
          !isAllowed(rules, customer.zone, landing.at) ||
          landing.at < requestedAt ||
          landing.at >= requestedAt + OPTIMAL_WINDOW_MS
        ) {
          throw new Error(`${arm} sent ${messageId} outside its window or in quiet hours`);
        }
        const opened = deliver(run, channel, landing, messageId);
        tally.messages += 1;
        tally.weekly[week].messages += 1;
        if (opened) {
          tally.opens += 1;
          tally.weekly[week].opens += 1;
          if (week === options.weeks - 1) run.openedInLastWeek = true;
        }
      }
    }
  }
  for (const run of runs) if (run.openedInLastWeek) arms[run.arm].openedInLastWeek += 1;
  return { options, arms, samples };
}

/** The message goes out at `landing` (recordDelivered then) and, if the person opens it, is opened later. */
function deliver(run: CustomerRun, channel: SimChannel, landing: Landing, messageId: string): boolean {
  run.pending.push({ at: landing.at, kind: 'delivered', channel, messageId });
  const delay = sampleOpenDelayHours(run.customer, channel, landing.hour, run.opens);
  if (delay === undefined) return false;
  run.pending.push({ at: landing.at + delay * HOUR_MS, kind: 'engaged', channel, messageId });
  return true;
}

/**
 * The week's other messages (a journey's push, a service SMS) on the customer's reachable channels other than
 * email, at random instants moved out of quiet hours: they teach the profile as any message does, and are
 * the same whatever the customer's arm. Without them "auto" never sees a second channel (see docs).
 */
function scheduleOtherTraffic(
  run: CustomerRun,
  week: number,
  weekStart: number,
  options: SimulationOptions,
  rules: SendRules,
): void {
  const others = run.customer.reachable.filter((channel) => channel !== 'email');
  for (let k = 0; k < options.otherMessagesPerWeek; k++) {
    const draw = run.otherTraffic();
    const hourStart = weekStart + Math.floor(run.otherTraffic() * 7 * 24) * HOUR_MS;
    if (others.length === 0) continue;
    const channel = others[Math.floor(draw * others.length)];
    const at =
      firstAllowedIn(rules, run.customer.zone, hourStart, hourStart + OPTIMAL_WINDOW_MS) ?? hourStart;
    const hour = hourOfWeekAt(at, zoneOrUtc(run.customer.zone));
    deliver(run, channel, { at, hour }, `${run.customer.id}:w${week}:o${k}`);
  }
}

/** Brings the profile up to `now` with what has happened by then, in time order (a delivery before its open). */
function applyKnown(run: CustomerRun, now: number): void {
  if (run.pending.length === 0) return;
  run.pending.sort((a, b) => a.at - b.at || (a.kind === 'delivered' ? -1 : 1));
  let applied = 0;
  let profile = run.profile;
  for (const event of run.pending) {
    if (event.at > now) break;
    profile =
      event.kind === 'delivered'
        ? recordDelivered(profile, event.channel, event.at)
        : recordEngagement(
            profile,
            event.channel,
            { messageId: event.messageId, action: 'opened', machine: false },
            event.at,
            run.customer.zone,
          );
    applied += 1;
  }
  run.profile = profile;
  run.pending.splice(0, applied);
}

/** What the workspace's counters would hold: every customer's hours, decayed to `at`, summed. */
function workspaceOf(runs: readonly CustomerRun[], at: number): WorkspaceProfile {
  const hours = new Array<number>(HOURS_OF_WEEK).fill(0);
  for (const run of runs) {
    const current = profileAsOf(run.profile, at);
    current.hours.forEach((n, hour) => (hours[hour] += n));
  }
  return hours.some((n) => n > 0) ? { hours, channels: {} } : uniformWorkspaceProfile();
}

function emptyTally(weeks: number): ArmTally {
  return {
    customers: 0,
    messages: 0,
    opens: 0,
    weekly: Array.from({ length: weeks }, () => ({ messages: 0, opens: 0 })),
    expected: 0,
    ceiling: noCeiling(),
    byArchetype: {},
    expectedEarlier: [0, 0],
    timeReasons: {},
    channelReasons: {},
    channels: {},
    atBestHour: 0,
    onBestChannel: 0,
    openedInLastWeek: 0,
  };
}

function noCeiling(): Ceiling {
  return { fixed: 0, bestTime: 0, bestChannel: 0, bestBoth: 0 };
}

function addCeiling(sum: Ceiling, one: Ceiling): void {
  sum.fixed += one.fixed;
  sum.bestTime += one.bestTime;
  sum.bestChannel += one.bestChannel;
  sum.bestBoth += one.bestBoth;
}

function count<K extends string>(counts: Partial<Record<K, number>>, key: K): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
