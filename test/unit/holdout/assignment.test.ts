import { describe, expect, it } from 'vitest';
import {
  globalGroup,
  groupOf,
  holdoutBucket,
  journeyArm,
  murmurHash3,
  utf8Bytes,
} from '../../../domain/holdout';
import type { HoldoutPolicy } from '../../../domain/policy';
import { defaultPolicy } from '../../../domain/policy';

const holdout = (overrides: Partial<HoldoutPolicy> = {}): HoldoutPolicy => ({
  ...defaultPolicy.holdout,
  ...overrides,
});
const ids = Array.from({ length: 20_000 }, (_, i) => `customer-${i}`);
const share = (predicate: (id: string) => boolean) => ids.filter(predicate).length / ids.length;

describe('murmurHash3 (x86, 32-bit) over UTF-8', () => {
  // Published vectors of the reference MurmurHash3_x86_32 (SMHasher), checked against the imurmurhash package.
  it.each<[string, number, number]>([
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['abc', 0, 0xb3dd93fa],
    ['test', 0, 0xba6bd213],
    ['aaaa', 0x9747b28c, 0x5a97808a],
    ['Hello, world!', 0, 0xc0363e43],
    ['Hello, world!', 1234, 0xfaf6cdb3],
    ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
    // Beyond ASCII: the hash of the UTF-8 bytes (c3 bc e2 82 ac f0 9f 98 80).
    ['ü€😀', 0, 0x0e9688f1],
  ])('%j with seed %d is %d', (text, seed, expected) => {
    expect(murmurHash3(text, seed)).toBe(expected);
  });

  it('encodes UTF-8 as Node does, a lone surrogate as U+FFFD', () => {
    for (const text of ['plain', 'ünïcødé 顧客', '😀 emoji', 'a\uD800b', '']) {
      expect(Buffer.from(utf8Bytes(text))).toEqual(Buffer.from(text, 'utf8'));
    }
  });
});

describe('holdout buckets: hash(salt, workspace, customerId) mod 10,000', () => {
  it('has these test vectors', () => {
    expect(holdoutBucket('tutti', 'acme', 'c-1')).toBe(3668);
    expect(holdoutBucket('tutti', 'acme', 'c-2')).toBe(2939);
    expect(holdoutBucket('spring-2026', 'acme', 'c-1')).toBe(9027);
    expect(holdoutBucket('tutti:cartRecovery', 'acme', 'c-1')).toBe(3652);
    expect(holdoutBucket('tutti', 'acme', 'ünïcødé-顧客')).toBe(2533);
  });

  it('keeps the three parts apart, whatever they contain', () => {
    expect(holdoutBucket('a:b', 'c', 'd')).not.toBe(holdoutBucket('a', 'b:c', 'd'));
    expect(holdoutBucket('s', 'w1', 'c')).not.toBe(holdoutBucket('s', 'w2', 'c'));
  });

  it('spreads ids evenly over the buckets', () => {
    const counts = new Array<number>(10).fill(0);
    for (const id of ids) counts[Math.floor(holdoutBucket('tutti', 'acme', id) / 1000)]++;
    // 2,000 expected per tenth; 5 standard deviations is about ±212.
    for (const count of counts) expect(Math.abs(count - 2000)).toBeLessThan(212);
  });
});

describe('the global group', () => {
  it('is sticky: the same customer, salt and percent give the same group, every time', () => {
    const policy = holdout({ globalPercent: 30 });
    for (const id of ids.slice(0, 200)) {
      expect(globalGroup(policy, 'acme', id)).toBe(globalGroup({ ...policy }, 'acme', id));
    }
  });

  it.each([0, 1, 10, 50, 99.99, 100])('puts %d%% of customers in control, within tolerance', (percent) => {
    const observed = share(
      (id) => globalGroup(holdout({ globalPercent: percent }), 'acme', id) === 'control',
    );
    const sd = Math.sqrt(((percent / 100) * (1 - percent / 100)) / ids.length);
    expect(Math.abs(observed - percent / 100)).toBeLessThanOrEqual(5 * sd + 1e-9);
  });

  it('grows by adding customers when the percent rises: nobody in control leaves it', () => {
    const at10 = ids.filter((id) => globalGroup(holdout({ globalPercent: 10 }), 'acme', id) === 'control');
    const at20 = new Set(
      ids.filter((id) => globalGroup(holdout({ globalPercent: 20 }), 'acme', id) === 'control'),
    );
    expect(at10.every((id) => at20.has(id))).toBe(true);
  });

  it('is drawn anew when the salt changes', () => {
    const before = ids.map((id) => globalGroup(holdout({ globalPercent: 50 }), 'acme', id));
    const after = ids.map((id) =>
      globalGroup(holdout({ globalPercent: 50, salt: 'spring-2026' }), 'acme', id),
    );
    const same = before.filter((group, i) => group === after[i]).length / ids.length;
    // Independent draws agree about half the time.
    expect(Math.abs(same - 0.5)).toBeLessThan(0.02);
  });

  it('buckets below percent × 100 are control', () => {
    expect(groupOf(999, 10)).toBe('control');
    expect(groupOf(1000, 10)).toBe('treatment');
    expect(groupOf(0, 0.01)).toBe('control');
    expect(groupOf(1, 0.01)).toBe('treatment');
    expect(groupOf(9999, 100)).toBe('control');
  });
});

describe('journey arms', () => {
  it('exist only for journeys the holdout gives a percent', () => {
    const policy = holdout({ journeys: { cartRecovery: 10, advocacy: 0 } });
    expect(journeyArm(policy, 'advocacy', 'acme', 'c-1')).toBeUndefined();
    expect(journeyArm(policy, 'winBack', 'acme', 'c-1')).toBeUndefined();
    expect(journeyArm(policy, 'constructor', 'acme', 'c-1')).toBeUndefined();
    expect(journeyArm(policy, 'cartRecovery', 'acme', 'c-1')).toBeDefined();
  });

  it('hold out the journey percent, within tolerance', () => {
    const policy = holdout({ journeys: { cartRecovery: 10 } });
    const observed = share((id) => journeyArm(policy, 'cartRecovery', 'acme', id) === 'control');
    expect(Math.abs(observed - 0.1)).toBeLessThan(5 * Math.sqrt((0.1 * 0.9) / ids.length));
  });

  it('are drawn independently of the global group and of each other', () => {
    const policy = holdout({ globalPercent: 50, journeys: { cartRecovery: 50, winBack: 50 } });
    const both = (a: (id: string) => boolean, b: (id: string) => boolean) => share((id) => a(id) && b(id));
    const inGlobal = (id: string) => globalGroup(policy, 'acme', id) === 'control';
    const inCart = (id: string) => journeyArm(policy, 'cartRecovery', 'acme', id) === 'control';
    const inWinBack = (id: string) => journeyArm(policy, 'winBack', 'acme', id) === 'control';
    // Independent halves overlap on a quarter; 5 standard deviations is about ±0.015.
    expect(Math.abs(both(inGlobal, inCart) - 0.25)).toBeLessThan(0.015);
    expect(Math.abs(both(inCart, inWinBack) - 0.25)).toBeLessThan(0.015);
  });
});
