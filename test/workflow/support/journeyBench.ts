import type { Duration } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { TeamAlert } from '../../../activities/delivery/teamAlert';
import type { CustomerContactRequest } from '../../../activities/journeys/requestCustomerContact';
import { testServerPath } from '../../../dev/testServer';
import type { ContactRequest } from '../../../domain/contact';
import type { ContactAnswer } from '../../../domain/contact';
import type { CustomerTraits } from '../../../domain/customer/customerState';
import type { JourneyEvent } from '../../../domain/journeys/journeyEvent';
import type { JourneySettings } from '../../../domain/journeys/journeyRegistration';
import type { JourneyStepRecord } from '../../../domain/journeys/journeyStepRecord';
import type { JourneyEnded } from '../../../domain/journeys/journeysState';
import { customerWorkflowId } from '../../../workflows/customer/messages';
import type { JourneyOutcome } from '../../../workflows/journeys/journeyRuntime';
import type { JourneyInput } from '../../../workflows/journeys/messages';
import { journeyEventsSignal } from '../../../workflows/journeys/messages';
import { journeyRegistry } from '../../../domain/journeys/registry';
import { eventually } from '../../support/eventually';
import { perFile } from './perFile';
import { journeyRecorders, runStubbedWorker, stubActivities } from './stubbedWorker';
import type { journeyEndListener } from './testWorkflows';

const WORKSPACE = 'journeys';
const TASK_QUEUE = 'journeys';
const HOUR_MS = 3_600_000;

/** What the customer's ledger answers a journey's message with (the request id and policy version are added). */
export type LedgerVerdict = Pick<ContactAnswer, 'decision' | 'reason' | 'scheduledFor'>;

/**
 * A test file's journeys bench: the time-skipping test server (a journey's `2d` passes in milliseconds) and a
 * worker running the real journeys, whose activities are stubs: the customer's ledger answers from `answer`,
 * steps and team alerts are kept in memory. No customer workflow: a stand-in hears how each journey ends.
 * Time skips only while a test waits for a journey's end (`end()`) or skips it by hand (`skip`); otherwise the
 * server's clock runs as a wall clock does, and a journey waiting two days stays waiting.
 */
export interface JourneyBench {
  /** Starts the journey registered under `name`, for a new customer. */
  start<T, S extends JourneySettings>(
    name: string,
    options: {
      trigger: T;
      settings: S;
      traits?: CustomerTraits;
      /** The ledger's answer to each message (default: sent at once). */
      answer?: (request: ContactRequest) => LedgerVerdict;
    },
  ): Promise<RunningJourney>;
  /** Moves the server's clock on by `duration` ("1h", "40d"): the timers due meanwhile fire. */
  skip(duration: Duration): Promise<void>;
  /** The server's time (epoch ms). */
  now(): Promise<number>;
}

export interface RunningJourney {
  input: JourneyInput;
  /** Forwards events to the journey, as the customer workflow does after applying them. */
  hears(...events: JourneyEvent[]): Promise<void>;
  /** Waits (the server's clock running normally) until the journey has recorded `step`. */
  reached(step: string): Promise<JourneyStepRecord>;
  /** Lets the server skip time until the journey ends: its outcome, and the notice its parent received. */
  end(): Promise<{ outcome: JourneyOutcome; notice: JourneyEnded }>;
  /** The names of the steps it recorded (for the customer's timeline), in order. */
  steps(): string[];
  /** When it recorded `step`, in hours after it started (workflow time). */
  hoursAfterStart(step: string): number;
  /** The messages it asked the customer's ledger for. */
  sends(): ContactRequest[];
  alerts(): TeamAlert[];
}

/** The calling file's bench: started before its first test, closed after its last. */
export function journeyBench(): JourneyBench {
  const server = perFile(startServer);
  return {
    start: async (name, options) => startJourney(await server(), name, options),
    skip: async (duration) => (await server()).env.sleep(duration),
    now: async () => (await server()).env.currentTimeMs(),
  };
}

interface Server {
  env: TestWorkflowEnvironment;
  steps: JourneyStepRecord[];
  contacts: CustomerContactRequest[];
  alerts: TeamAlert[];
  /** How each customer's ledger answers, by the customer's workflow id. */
  verdicts: Map<string, (request: ContactRequest) => LedgerVerdict>;
  customers: number;
  close(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const steps: JourneyStepRecord[] = [];
  const contacts: CustomerContactRequest[] = [];
  const alerts: TeamAlert[] = [];
  const verdicts = new Map<string, (request: ContactRequest) => LedgerVerdict>();
  const { env, close } = await runStubbedWorker(
    () =>
      TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: testServerPath() } },
      }),
    TASK_QUEUE,
    () =>
      stubActivities({
        ...journeyRecorders(steps, alerts),
        requestCustomerContact(asked) {
          contacts.push(asked);
          const verdict = (verdicts.get(asked.customerWorkflowId) ?? sentAtOnce)(asked.request);
          return Promise.resolve({
            requestId: asked.request.id,
            ...verdict,
            ...(verdict.decision !== 'suppressed' ? { messageId: `m-${asked.request.id}` } : {}),
            policyVersion: 1,
          });
        },
      }),
  );
  return { env, steps, contacts, alerts, verdicts, customers: 0, close };
}

const sentAtOnce = (): LedgerVerdict => ({ decision: 'sent', reason: 'ok' });

async function startJourney(
  server: Server,
  name: string,
  options: Parameters<JourneyBench['start']>[1],
): Promise<RunningJourney> {
  const { env, steps, contacts, alerts } = server;
  const registration = journeyRegistry.find((r) => r.name === name);
  if (!registration) throw new Error(`No journey named ${name} in the registry`);
  const customerId = `c${++server.customers}`;
  const parentId = customerWorkflowId(WORKSPACE, customerId);
  const input: JourneyInput = {
    workspace: WORKSPACE,
    customerId,
    customerWorkflowId: parentId,
    journeyId: `journey:${WORKSPACE}:${customerId}:${name}:1`,
    name,
    run: 1,
    startedAt: new Date(await env.currentTimeMs()).toISOString(),
    trigger: options.trigger,
    triggeredBy: `e-${customerId}-trigger`,
    settings: options.settings,
    policyVersion: 1,
    traits: options.traits ?? {},
  };
  if (options.answer) server.verdicts.set(parentId, options.answer);
  const parent = await env.client.workflow.start<typeof journeyEndListener>('journeyEndListener', {
    workflowId: parentId,
    taskQueue: TASK_QUEUE,
  });
  const journey = await env.client.workflow.start<(input: JourneyInput) => Promise<JourneyOutcome>>(
    registration.workflowType,
    { workflowId: input.journeyId, taskQueue: TASK_QUEUE, args: [input] },
  );
  const own = () => steps.filter((s) => s.journeyId === input.journeyId);
  const stepAt = (step: string) => {
    const found = own().find((s) => s.step === step);
    if (!found)
      throw new Error(
        `Journey ${name} recorded no step ${step}, only ${own()
          .map((s) => s.step)
          .join(', ')}`,
      );
    return Date.parse(found.at);
  };
  return {
    input,
    hears: (...events) => journey.signal(journeyEventsSignal, events),
    reached: (step) => eventually(() => own().find((s) => s.step === step), 20_000, `step ${step}`),
    async end() {
      return { outcome: await journey.result(), notice: await parent.result() };
    },
    steps: () => own().map((s) => s.step),
    hoursAfterStart: (step) => (stepAt(step) - stepAt('started')) / HOUR_MS,
    sends: () => contacts.filter((c) => c.customerWorkflowId === parentId).map((c) => c.request),
    alerts: () => alerts.filter((a) => a.customerId === customerId),
  };
}
