import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../../domain/contact';
import type { FeedDecision } from '../../../domain/decisions/decisionFeed';
import {
  feedDecisionOf,
  matchesFilter,
  parseCursor,
  RecentIds,
  walkEntries,
} from '../../../domain/decisions/decisionFeed';
import { GroupCommit, takeGroup } from '../../../storage/groupCommit';

const decision = (id: string, fields: Partial<FeedDecision> = {}): FeedDecision => ({
  id,
  customerId: `c-${id}`,
  messageId: `m-${id}`,
  decision: 'suppressed',
  reason: 'open_case',
  channel: 'email',
  category: 'promotion',
  trigger: 'request',
  decidedAt: '2026-12-04T10:00:00.000Z',
  policyVersion: 1,
  ...fields,
});

describe('a feed decision', () => {
  it('keeps what a person scans, names the journey of a journey request, and is keyed like the ledger', () => {
    const record: DecisionRecord = {
      messageId: 'm1',
      requestId: 'journey:cartRecovery:2:reminder',
      decision: 'scheduled',
      reason: 'quiet_hours',
      channel: 'email',
      category: 'reminder',
      priority: 50,
      decidedAt: '2026-12-04T22:00:00.000Z',
      scheduledFor: '2026-12-05T08:00:00.000Z',
      policyVersion: 3,
      inputs: {} as DecisionRecord['inputs'],
      trigger: 'request',
    };
    expect(feedDecisionOf('c1', record)).toEqual({
      id: 'm1:2026-12-04T22:00:00.000Z:request',
      customerId: 'c1',
      messageId: 'm1',
      decision: 'scheduled',
      reason: 'quiet_hours',
      channel: 'email',
      category: 'reminder',
      trigger: 'request',
      journey: 'cartRecovery',
      decidedAt: '2026-12-04T22:00:00.000Z',
      scheduledFor: '2026-12-05T08:00:00.000Z',
      policyVersion: 3,
    });
    expect(feedDecisionOf('c1', { ...record, requestId: 'r-1', campaign: 'winter' })).toMatchObject({
      campaign: 'winter',
    });
    expect(feedDecisionOf('c1', { ...record, requestId: 'r-1' })).not.toHaveProperty('journey');
  });
});

describe('filters', () => {
  it('match a reason exactly, or a family by its code before the colon', () => {
    const capped = decision('a', { reason: 'frequency_cap:sms-24h' });
    expect(matchesFilter(capped, { reason: 'frequency_cap' })).toBe(true);
    expect(matchesFilter(capped, { reason: 'frequency_cap:sms-24h' })).toBe(true);
    expect(matchesFilter(capped, { reason: 'frequency_cap:marketing-24h' })).toBe(false);
    expect(matchesFilter(capped, { reason: 'frequency' })).toBe(false);
    expect(matchesFilter(decision('b'), { reason: 'open_case' })).toBe(true);
  });

  it('match channel and campaign exactly, all given filters at once', () => {
    const d = decision('a', { channel: 'sms', campaign: 'winter' });
    expect(matchesFilter(d, {})).toBe(true);
    expect(matchesFilter(d, { channel: 'sms', campaign: 'winter', reason: 'open_case' })).toBe(true);
    expect(matchesFilter(d, { channel: 'email' })).toBe(false);
    expect(matchesFilter(d, { campaign: 'summer' })).toBe(false);
    expect(matchesFilter(decision('b'), { campaign: 'winter' })).toBe(false);
  });
});

describe('the cursor', () => {
  it('reads entry.index or a bare entry, and refuses anything else', () => {
    expect(parseCursor('12.3')).toEqual({ entry: 12, index: 3 });
    expect(parseCursor('12')).toEqual({ entry: 12, index: 0 });
    for (const bad of ['0', '0.1', '1.', '.1', '1.01', '-1', '1e3', 'x', '1.2.3', '']) {
      expect(parseCursor(bad), bad).toBeUndefined();
    }
  });
});

describe('walking the feed newest first', () => {
  // Entries newest first, as the reader gives them; each entry's decisions in the order recorded.
  const entries = [
    { n: 3, decisions: [decision('e'), decision('f', { reason: 'ok', decision: 'sent' })] },
    { n: 2, decisions: [decision('c'), decision('d', { channel: 'sms' })] },
    { n: 1, decisions: [decision('a'), decision('b')] },
  ];

  it('takes newest first with positions, and a cursor that continues exactly where it stopped', () => {
    const first = walkEntries(entries, { filter: {}, limit: 3, seen: new Set() });
    expect(first.decisions.map((d) => `${d.id}@${d.position}`)).toEqual(['f@3.1', 'e@3.0', 'd@2.1']);
    expect(first).toMatchObject({ filled: true, nextBefore: '2.1' });
    const second = walkEntries(entries.slice(1), {
      filter: {},
      limit: 3,
      before: parseCursor(first.nextBefore!),
      seen: new Set(),
    });
    expect(second.decisions.map((d) => d.id)).toEqual(['c', 'b', 'a']);
    // The last decision of the feed: nothing older.
    expect(second.nextBefore).toBeNull();
  });

  it('says when it ran out of entries before the limit, and where to go on', () => {
    const walk = walkEntries(entries.slice(0, 2), { filter: { channel: 'sms' }, limit: 5, seen: new Set() });
    expect(walk.decisions.map((d) => d.id)).toEqual(['d']);
    expect(walk).toMatchObject({ filled: false, nextBefore: '2' });
  });

  it('shows a decision appended twice (a retried batch) once', () => {
    const twice = [{ n: 4, decisions: [decision('a'), decision('b')] }, ...entries];
    const walk = walkEntries(twice, { filter: {}, limit: 50, seen: new Set() });
    expect(walk.decisions.map((d) => d.id)).toEqual(['b', 'a', 'f', 'e', 'd', 'c']);
  });
});

describe('recent ids', () => {
  it('admit an id once, and forget the oldest beyond their capacity', () => {
    const recent = new RecentIds(2);
    expect(recent.admit('a')).toBe(true);
    expect(recent.admit('a')).toBe(false);
    recent.admit('b');
    recent.admit('c');
    expect(recent.admit('b')).toBe(false);
    expect(recent.admit('a')).toBe(true);
  });
});

describe('group commit', () => {
  it('takes whole batches while they fit, and splits only a first batch larger than the cap', () => {
    const q = (...sizes: number[]) =>
      sizes.map((n, b) => ({ items: Array.from({ length: n }, (_, i) => `${b}.${i}`), written: 0 }));
    expect(takeGroup(q(2, 3, 4), 5)).toEqual({ items: ['0.0', '0.1', '1.0', '1.1', '1.2'], completes: 2 });
    expect(takeGroup(q(7, 1), 5)).toEqual({ items: ['0.0', '0.1', '0.2', '0.3', '0.4'], completes: 0 });
    expect(takeGroup([{ ...q(7, 1)[0], written: 5 }, q(7, 1)[1]], 5)).toEqual({
      items: ['0.5', '0.6', '1.0'],
      completes: 2,
    });
  });

  it('writes what arrives during a write in the next one, and settles each caller when its items are written', async () => {
    const writes: string[][] = [];
    let release = (): void => undefined;
    const commit = new GroupCommit<string>(async (_key, items) => {
      writes.push(items);
      if (writes.length === 1) await new Promise<void>((r) => (release = r));
    }, 3);
    const first = commit.append('w', ['a']);
    const rest = [
      commit.append('w', ['b']),
      commit.append('w', ['c', 'd']),
      commit.append('w', ['e', 'f', 'g', 'h']),
    ];
    release();
    await Promise.all([first, ...rest]);
    expect(writes).toEqual([['a'], ['b', 'c', 'd'], ['e', 'f', 'g'], ['h']]);
  });

  it('fails the callers of a failed write only, and goes on with the others', async () => {
    let calls = 0;
    const commit = new GroupCommit<string>((_key, items) => {
      calls++;
      return items.includes('bad') ? Promise.reject(new Error('refused')) : Promise.resolve();
    }, 2);
    const results = await Promise.allSettled([
      commit.append('w', ['bad']),
      commit.append('w', ['x', 'y']),
      commit.append('v', ['z']),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(calls).toBe(3);
  });
});
