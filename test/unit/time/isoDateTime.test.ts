import { describe, expect, it } from 'vitest';
import { isoDateTime } from '../../../domain/time/isoDateTime';

describe('isoDateTime', () => {
  const occurredAt = isoDateTime('occurredAt');

  it('takes the ISO 8601 forms clients send, and gives them back in UTC', () => {
    expect(occurredAt.parse('2026-11-23T09:30:00Z')).toBe('2026-11-23T09:30:00.000Z');
    expect(occurredAt.parse('2026-11-23T09:30Z')).toBe('2026-11-23T09:30:00.000Z');
    expect(occurredAt.parse('2026-11-23T10:30:00+01:00')).toBe('2026-11-23T09:30:00.000Z');
    expect(occurredAt.parse('2026-11-23T10:30:00+0100')).toBe('2026-11-23T09:30:00.000Z');
    expect(occurredAt.parse('2026-11-23T04:30:00.250-05')).toBe('2026-11-23T09:30:00.250Z');
  });

  it('refuses a time without a zone, an impossible date, and anything else, naming the field', () => {
    for (const value of ['2026-11-23T09:30:00', '2026-02-30T09:30Z', '2026-11-23', 'yesterday', '']) {
      const result = occurredAt.safeParse(value);
      expect(result.success, value).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/^occurredAt must be an ISO 8601 date-time/);
    }
    expect(occurredAt.safeParse(1_795_168_800_000).success).toBe(false);
  });

  it('takes the normalized form as it is, and refuses it for an instant that does not exist', () => {
    for (const value of [
      '2026-11-23T09:30:00.000Z',
      '2028-02-29T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
    ]) {
      expect(occurredAt.parse(value)).toBe(value);
    }
    for (const value of [
      '2026-02-30T09:30:00.000Z',
      '2027-02-29T00:00:00.000Z',
      '2026-04-31T00:00:00.000Z',
    ]) {
      expect(occurredAt.safeParse(value).success, value).toBe(false);
    }
    // Hour 24 is not the normalized form: it is read as the ISO form it is, as before.
    const midnight = occurredAt.safeParse('2026-11-23T24:00:00.000Z');
    const again = occurredAt.safeParse('2026-11-23T24:00:00Z');
    expect(midnight).toEqual(again);
  });

  it('takes a date alone where asked, as the start of that day in UTC', () => {
    const from = isoDateTime('from', { allowDate: true });
    expect(from.parse('2026-03-01')).toBe('2026-03-01T00:00:00.000Z');
    expect(from.safeParse('2026-13-01').success).toBe(false);
  });
});
