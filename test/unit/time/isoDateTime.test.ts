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

  it('takes a date alone where asked, as the start of that day in UTC', () => {
    const from = isoDateTime('from', { allowDate: true });
    expect(from.parse('2026-03-01')).toBe('2026-03-01T00:00:00.000Z');
    expect(from.safeParse('2026-13-01').success).toBe(false);
  });
});
