import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isInQuietHours, quietHoursEnd } from '../../../domain/contact';
import { at, HOUR, localTime, MINUTE } from './fixtures';

const NY = 'America/New_York';
const night = { start: '21:00', end: '08:00' };
const lunch = { start: '12:00', end: '14:00' };

describe('quiet hours across midnight (21:00–08:00)', () => {
  it('holds from start until just before end, in the customer zone', () => {
    expect(isInQuietHours(at('2024-06-01T20:59', NY), NY, night)).toBe(false);
    expect(isInQuietHours(at('2024-06-01T21:00', NY), NY, night)).toBe(true);
    expect(isInQuietHours(at('2024-06-02T03:00', NY), NY, night)).toBe(true);
    expect(isInQuietHours(at('2024-06-02T07:59', NY), NY, night)).toBe(true);
    expect(isInQuietHours(at('2024-06-02T08:00', NY), NY, night)).toBe(false);
    expect(isInQuietHours(at('2024-06-02T12:00', NY), NY, night)).toBe(false);
  });

  it('ends at 08:00 local the next morning', () => {
    expect(quietHoursEnd(at('2024-06-01T22:30', NY), NY, night)).toBe(at('2024-06-02T08:00', NY));
    expect(quietHoursEnd(at('2024-06-02T01:00', NY), NY, night)).toBe(at('2024-06-02T08:00', NY));
  });

  it('is the instant itself outside quiet hours', () => {
    const noon = at('2024-06-02T12:00', NY);
    expect(quietHoursEnd(noon, NY, night)).toBe(noon);
  });

  it('depends on the zone, not on UTC', () => {
    const instant = at('2024-06-02T02:00', 'UTC'); // 22:00 the evening before in New York, 11:00 in Tokyo
    expect(isInQuietHours(instant, NY, night)).toBe(true);
    expect(isInQuietHours(instant, 'Asia/Tokyo', night)).toBe(false);
  });
});

describe('quiet hours within one day (12:00–14:00)', () => {
  it('holds only between start and end', () => {
    expect(isInQuietHours(at('2024-06-01T11:59', NY), NY, lunch)).toBe(false);
    expect(isInQuietHours(at('2024-06-01T12:00', NY), NY, lunch)).toBe(true);
    expect(isInQuietHours(at('2024-06-01T13:59', NY), NY, lunch)).toBe(true);
    expect(isInQuietHours(at('2024-06-01T14:00', NY), NY, lunch)).toBe(false);
    expect(isInQuietHours(at('2024-06-01T23:00', NY), NY, lunch)).toBe(false);
    expect(quietHoursEnd(at('2024-06-01T12:30', NY), NY, lunch)).toBe(at('2024-06-01T14:00', NY));
  });
});

describe('daylight saving time in America/New_York', () => {
  it('spring-forward night (10 March 2024) is an hour shorter and still ends at 08:00 EDT', () => {
    const start = at('2024-03-09T21:00', NY);
    const end = quietHoursEnd(start, NY, night);
    expect(localTime(end, NY)).toBe('2024-03-10T08:00 -04:00');
    expect(end - start).toBe(10 * HOUR);
    expect(isInQuietHours(at('2024-03-10T03:30', NY), NY, night)).toBe(true);
  });

  it('fall-back night (3 November 2024) is an hour longer and still ends at 08:00 EST', () => {
    const start = at('2024-11-02T21:00', NY);
    const end = quietHoursEnd(start, NY, night);
    expect(localTime(end, NY)).toBe('2024-11-03T08:00 -05:00');
    expect(end - start).toBe(12 * HOUR);
    const repeatedHour = at('2024-11-03T05:30', 'UTC'); // 01:30 EDT, the first of two 01:30s
    expect(isInQuietHours(repeatedHour, NY, night)).toBe(true);
    expect(isInQuietHours(repeatedHour + HOUR, NY, night)).toBe(true);
  });

  it('an end time skipped by spring-forward moves to the end of the gap', () => {
    const window = { start: '22:00', end: '02:30' };
    const end = quietHoursEnd(at('2024-03-09T23:00', NY), NY, window);
    expect(localTime(end, NY)).toBe('2024-03-10T03:00 -04:00');
    expect(isInQuietHours(end - 1, NY, window)).toBe(true);
    expect(isInQuietHours(end, NY, window)).toBe(false);
  });

  it('an end time shown twice by fall-back ends at its first showing, and the repeat stays open', () => {
    const window = { start: '22:00', end: '01:30' };
    const end = quietHoursEnd(at('2024-11-02T23:00', NY), NY, window);
    expect(end).toBe(at('2024-11-03T05:30', 'UTC')); // 01:30 EDT
    expect(isInQuietHours(end + 45 * MINUTE, NY, window)).toBe(false); // 01:15 EST, on the clock before 01:30
  });

  it('a start time skipped by spring-forward starts at the end of the gap', () => {
    const window = { start: '02:30', end: '05:00' };
    expect(isInQuietHours(at('2024-03-10T06:59', 'UTC'), NY, window)).toBe(false); // 01:59 EST
    expect(isInQuietHours(at('2024-03-10T07:00', 'UTC'), NY, window)).toBe(true); // 03:00 EDT
  });
});

describe('zones with unusual offsets', () => {
  it('Australia/Lord_Howe moves its clock by half an hour', () => {
    const zone = 'Australia/Lord_Howe'; // +11 in summer, +10:30 in winter; back on 7 April 2024 at 02:00
    const end = quietHoursEnd(at('2024-04-06T23:00', zone), zone, night);
    expect(localTime(end, zone)).toBe('2024-04-07T08:00 +10:30');
  });

  it('Asia/Kolkata has no daylight saving time and a half-hour offset', () => {
    expect(
      localTime(quietHoursEnd(at('2024-06-01T21:15', 'Asia/Kolkata'), 'Asia/Kolkata', night), 'Asia/Kolkata'),
    ).toBe('2024-06-02T08:00 +05:30');
  });

  it('refuses an unknown zone rather than guessing', () => {
    expect(() => isInQuietHours(0, 'Mars/Olympus_Mons', night)).toThrow(/Unknown time zone/);
  });
});

describe('quiet hours properties', () => {
  const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'UTC'];
  const clock = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const instant = fc.integer({ min: Date.UTC(2016, 0, 1), max: Date.UTC(2026, 0, 1) });

  it('quietHoursEnd is the first instant out of quiet hours', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), clock, clock, (t, zone, start, end) => {
        fc.pre(start !== end);
        const window = { start, end };
        const free = quietHoursEnd(t, zone, window);
        expect(free).toBeGreaterThanOrEqual(t);
        expect(free - t).toBeLessThanOrEqual(25 * HOUR);
        expect(isInQuietHours(free, zone, window)).toBe(false);
        if (free > t) {
          expect(isInQuietHours(t, zone, window)).toBe(true);
          expect(isInQuietHours(free - 1, zone, window)).toBe(true);
          expect(isInQuietHours(t + Math.floor((free - t) / 2), zone, window)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the wall clock away from clock changes', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), clock, clock, (t, zone, start, end) => {
        fc.pre(start !== end);
        const local = DateTime.fromMillis(t, { zone });
        fc.pre(
          local.offset === local.minus({ days: 2 }).offset && local.offset === local.plus({ days: 2 }).offset,
        );
        const now = local.toFormat('HH:mm');
        const expected = start < end ? start <= now && now < end : now >= start || now < end;
        expect(isInQuietHours(t, zone, { start, end })).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
