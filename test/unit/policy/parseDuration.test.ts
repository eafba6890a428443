import { describe, expect, it } from 'vitest';
import { longestCapWindowMs, parseClockTime, parseDuration } from '../../../domain/policy';
import { defaultPolicy } from '../../../domain/policy';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['0s', 0],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '24', 'h', '1.5h', '-1h', '24 h', ' 24h', '1w', '1H', '10ms', '1h30m'])(
    'refuses %j, saying what it expects',
    (text) => {
      expect(() => parseDuration(text)).toThrow(/Invalid duration .*whole number followed by s, m, h or d/);
    },
  );

  it('refuses a duration too long to count in milliseconds', () => {
    expect(() => parseDuration('99999999999999999d')).toThrow(/too long/);
  });
});

describe('parseClockTime', () => {
  it('reads HH:MM as minutes after midnight', () => {
    expect(parseClockTime('00:00')).toBe(0);
    expect(parseClockTime('08:00')).toBe(480);
    expect(parseClockTime('23:59')).toBe(1439);
  });

  it.each(['24:00', '8:00', '08:60', '0800', '08:00:00'])('refuses %j', (text) => {
    expect(() => parseClockTime(text)).toThrow(/HH:MM/);
  });
});

describe('longestCapWindowMs', () => {
  it('is 7 days for the default policy, and 0 without caps', () => {
    expect(longestCapWindowMs(defaultPolicy)).toBe(7 * 86_400_000);
    expect(longestCapWindowMs({ caps: [] })).toBe(0);
  });
});
