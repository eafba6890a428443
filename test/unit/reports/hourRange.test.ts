import { describe, expect, it } from 'vitest';
import { roundOutToHours } from '../../../domain/reports/hourRange';

const round = (from: string, to: string) => {
  const r = roundOutToHours(new Date(from), new Date(to));
  return [r.from.toISOString(), r.to.toISOString()];
};

describe('roundOutToHours', () => {
  it('rounds from down and to up to whole UTC hours', () => {
    expect(round('2026-03-10T09:30:00Z', '2026-03-10T11:10:00Z')).toEqual([
      '2026-03-10T09:00:00.000Z',
      '2026-03-10T12:00:00.000Z',
    ]);
    expect(round('2026-03-10T23:59:59.999Z', '2026-03-10T23:59:59.999Z')).toEqual([
      '2026-03-10T23:00:00.000Z',
      '2026-03-11T00:00:00.000Z',
    ]);
  });

  it('leaves whole hours as they are, in any zone the caller wrote them', () => {
    expect(round('2026-03-10T10:00:00+01:00', '2026-03-12T00:00:00Z')).toEqual([
      '2026-03-10T09:00:00.000Z',
      '2026-03-12T00:00:00.000Z',
    ]);
    // Half-hour zones do not land on UTC hours.
    expect(round('2026-03-10T10:00:00+05:30', '2026-03-10T12:00:00+05:30')).toEqual([
      '2026-03-10T04:00:00.000Z',
      '2026-03-10T07:00:00.000Z',
    ]);
  });
});
