import { DateTime } from 'luxon';
import { expect } from 'vitest';
import type {
  Category,
  Channel,
  ConsentStatus,
  ContactContext,
  ContactDecision,
  RoutedContactRequest,
  ScheduledContact,
} from '../../../domain/contact';
import {
  customerTimeZone,
  decideContact,
  emptyContactContext,
  outranks,
  pickDueMessages,
  pruneSent,
  redecideAtSendTime,
  settleDecision,
} from '../../../domain/contact';
import type { PolicyDocument } from '../../../domain/policy';
import { parseDuration } from '../../../domain/policy';

/** What happens to a customer, in order; time passes only in `wait`. */
export type SimulatedEvent =
  | { kind: 'wait'; ms: number }
  | {
      kind: 'request';
      id: string;
      channel: Channel;
      category: Category;
      priority: number;
      notBeforeIn?: number;
      expiresIn?: number;
    }
  | { kind: 'disruption' }
  | { kind: 'negativeSentiment' }
  | { kind: 'caseOpened' }
  | { kind: 'caseResolved' }
  | { kind: 'consent'; channel: Channel; status: ConsentStatus }
  | { kind: 'timeZone'; zone: string };

export interface Delivery {
  messageId: string;
  requestId: string;
  channel: Channel;
  category: Category;
  priority: number;
  at: number;
}

/**
 * A model of the customer workflow's use of the decision core: timers fire at their time, due messages are
 * decided again highest rank first, displaced messages are settled, and answers are memoised by request id
 * (the workflow's job: the context itself forgets suppressed requests). Every delivery is checked as it
 * happens against the state the workflow had at that moment.
 */
export class CustomerSimulation {
  ctx: ContactContext;
  now: number;
  readonly deliveries: Delivery[] = [];
  readonly answers = new Map<string, ContactDecision>();
  private nextMessage = 0;

  constructor(
    readonly policy: PolicyDocument,
    start: number,
    timeZone?: string,
  ) {
    this.now = start;
    this.ctx = { ...emptyContactContext, ...(timeZone !== undefined && { timeZone }) };
  }

  run(events: readonly SimulatedEvent[]): void {
    for (const event of events) this.handle(event);
  }

  handle(event: SimulatedEvent): void {
    switch (event.kind) {
      case 'wait':
        this.advanceTo(this.now + event.ms);
        break;
      case 'request':
        this.request(event);
        break;
      case 'disruption':
        this.ctx = { ...this.ctx, lastDisruptionAt: this.now };
        break;
      case 'negativeSentiment':
        this.ctx = { ...this.ctx, lastNegativeSentimentAt: this.now };
        break;
      case 'caseOpened':
        this.ctx = { ...this.ctx, openCases: this.ctx.openCases + 1 };
        break;
      case 'caseResolved':
        this.ctx = { ...this.ctx, openCases: Math.max(0, this.ctx.openCases - 1) };
        break;
      case 'consent':
        this.ctx = { ...this.ctx, consent: { ...this.ctx.consent, [event.channel]: event.status } };
        break;
      case 'timeZone':
        this.ctx = { ...this.ctx, timeZone: event.zone };
        break;
    }
    this.checkReservationsFitCaps();
  }

  /** Fires every timer due up to `until`, in time order, the way Temporal timers would. */
  advanceTo(until: number): void {
    for (;;) {
      const due = Math.min(...this.ctx.scheduled.map((m) => m.scheduledFor));
      if (!(due <= until)) break;
      this.now = due;
      const [message] = pickDueMessages(this.ctx, this.now);
      const decision = redecideAtSendTime(this.ctx, message, this.policy, this.now);
      this.checkIgnoresLowerRanks(message, decision, (ctx) =>
        redecideAtSendTime(ctx, message, this.policy, this.now),
      );
      this.settle(message, decision, message.messageId);
    }
    this.now = until;
    this.ctx = { ...this.ctx, sent: pruneSent(this.ctx.sent, this.policy, this.now) };
  }

  private request(event: Extract<SimulatedEvent, { kind: 'request' }>): void {
    const request: RoutedContactRequest = {
      id: event.id,
      channel: event.channel,
      category: event.category,
      priority: event.priority,
      ...(event.notBeforeIn !== undefined && { notBefore: this.now + event.notBeforeIn }),
      ...(event.expiresIn !== undefined && { expiresAt: this.now + event.expiresIn }),
    };
    const decision = decideContact(this.ctx, request, this.policy, this.now);
    expect(decideContact(this.ctx, request, this.policy, this.now)).toEqual(decision);

    const known = [...this.ctx.sent, ...this.ctx.scheduled].some((c) => c.requestId === request.id);
    if (known) expect(decision.reason).toBe('duplicate');
    const remembered = this.answers.get(request.id);
    if (remembered) return; // the workflow answers a replay with what it answered first
    this.answers.set(request.id, decision);

    this.checkIgnoresLowerRanks(
      { priority: request.priority, requestedAt: this.now, requestId: request.id },
      decision,
      (ctx) => decideContact(ctx, request, this.policy, this.now),
    );
    this.settle(request, decision, `msg-${this.nextMessage++}`);
  }

  private settle(
    subject: RoutedContactRequest | ScheduledContact,
    decision: ContactDecision,
    messageId: string,
  ): void {
    const before = this.ctx;
    const settled = settleDecision(before, subject, decision, messageId, this.policy, this.now);
    const requestId = 'messageId' in subject ? subject.requestId : subject.id;
    this.checkDisplacedRankBelow(subject, decision, before);
    if (decision.decision === 'sent') this.deliver({ ...subject, requestId, messageId });
    for (const { message, decision: again } of settled.redecided) {
      this.checkDisplacedRankBelow(message, again, before);
      if (again.decision === 'sent') this.deliver(message);
    }
    this.ctx = settled.ctx;
  }

  private deliver(message: Omit<Delivery, 'at'>): void {
    const delivery: Delivery = {
      messageId: message.messageId,
      requestId: message.requestId,
      channel: message.channel,
      category: message.category,
      priority: message.priority,
      at: this.now,
    };
    this.deliveries.push(delivery);
    this.checkAllowedNow(delivery);
  }

  /** Exclusions, consent and quiet hours, judged from first principles rather than by the code under test. */
  private checkAllowedNow({ category, channel, at }: Delivery): void {
    const { exclusions, quietHours } = this.policy;
    if (category !== 'transactional')
      expect(this.ctx.consent[channel], 'opted-out channel used').not.toBe('opted_out');
    if (exclusions.categories.includes(category)) {
      if (exclusions.openCase) expect(this.ctx.openCases, `${category} sent with an open case`).toBe(0);
      const since = (t: number | undefined) => (t === undefined ? Infinity : at - t);
      expect(since(this.ctx.lastDisruptionAt), `${category} sent after a disruption`).toBeGreaterThanOrEqual(
        parseDuration(exclusions.disruptionWindow),
      );
      expect(
        since(this.ctx.lastNegativeSentimentAt),
        `${category} sent after negative sentiment`,
      ).toBeGreaterThanOrEqual(parseDuration(exclusions.negativeSentimentWindow));
    }
    if (quietHours.categories.includes(category)) {
      const zone = customerTimeZone(this.ctx, this.policy);
      const clock = DateTime.fromMillis(at, { zone }).toFormat('HH:mm');
      const { start, end } = quietHours;
      const quiet = start < end ? start <= clock && clock < end : clock >= start || clock < end;
      expect(quiet, `${category} sent at ${clock} in ${zone}, inside quiet hours`).toBe(false);
    }
  }

  /** A decision must come out the same with every scheduled message ranking below it taken away. */
  private checkIgnoresLowerRanks(
    subject: { priority: number; requestedAt: number; requestId: string },
    decision: ContactDecision,
    decide: (ctx: ContactContext) => ContactDecision,
  ): void {
    const withoutLower = {
      ...this.ctx,
      scheduled: this.ctx.scheduled.filter((m) => m.requestId === subject.requestId || !outranks(subject, m)),
    };
    const { displaces: _ignored, ...withLower } = decision;
    const { displaces: _none, ...alone } = decide(withoutLower);
    expect(alone).toEqual(withLower);
  }

  private checkDisplacedRankBelow(
    subject: RoutedContactRequest | ScheduledContact,
    decision: ContactDecision,
    before: ContactContext,
  ): void {
    const rank =
      'messageId' in subject
        ? subject
        : { priority: subject.priority, requestedAt: this.now, requestId: subject.id };
    for (const id of decision.displaces) {
      const victim =
        before.scheduled.find((m) => m.messageId === id) ??
        this.ctx.scheduled.find((m) => m.messageId === id);
      expect(victim, `displaced ${id} was not scheduled`).toBeDefined();
      expect(
        outranks(rank, victim as ScheduledContact),
        `${id} displaced by a message not ranking above it`,
      ).toBe(true);
    }
  }

  /** What is sent and what is scheduled, together, never overfills a cap window. */
  private checkReservationsFitCaps(): void {
    const planned = [
      ...this.ctx.sent.map((c) => ({ ...c, at: c.sentAt })),
      ...this.ctx.scheduled.map((m) => ({ ...m, at: m.scheduledFor })),
    ];
    expectCapsRespected(this.policy, planned);
  }
}

/** For every cap, no window of its length holds more covered sends than its limit. */
export function expectCapsRespected(
  policy: PolicyDocument,
  sends: readonly { channel: Channel; category: Category; at: number }[],
): void {
  for (const cap of policy.caps) {
    const windowMs = parseDuration(cap.window);
    const times = sends
      .filter(({ channel, category }) => {
        if (category === 'transactional') return false;
        if (cap.channels && !cap.channels.includes(channel)) return false;
        return cap.categories ? cap.categories.includes(category) : category !== 'service';
      })
      .map((s) => s.at)
      .sort((a, b) => a - b);
    times.forEach((end, index) => {
      const inWindow = times.slice(0, index + 1).filter((t) => t > end - windowMs).length;
      expect(
        inWindow,
        `cap ${cap.name} exceeded in the window ending ${new Date(end).toISOString()}`,
      ).toBeLessThanOrEqual(cap.limit);
    });
  }
}
