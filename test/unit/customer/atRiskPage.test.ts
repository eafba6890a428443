import { describe, expect, it } from 'vitest';
import { atRiskPage, latestActivityFirst, type AtRiskMember } from '../../../domain/customer/atRiskPage';
import { decodeAtRiskCursor, encodeAtRiskCursor } from '../../../api/routes/customers';

const members: AtRiskMember[] = [
  { customerId: 'b', lastEventAt: 2_000 },
  { customerId: 'a', lastEventAt: 1_000 },
  { customerId: 'c', lastEventAt: 3_000 },
  { customerId: 'd', lastEventAt: 2_000 },
  { customerId: 'e', lastEventAt: 0 },
];

describe('the at-risk listing, a page at a time', () => {
  it('puts the latest activity first, the id breaking ties', () => {
    expect([...members].sort(latestActivityFirst).map((m) => m.customerId)).toEqual([
      'c',
      'b',
      'd',
      'a',
      'e',
    ]);
  });

  it('pages through everyone once, in order, and says when there is no next page', () => {
    const seen: string[] = [];
    let page = atRiskPage(members, 2);
    seen.push(...page.members.map((m) => m.customerId));
    while (page.next) {
      page = atRiskPage(members, 2, page.next);
      seen.push(...page.members.map((m) => m.customerId));
    }
    expect(seen).toEqual(['c', 'b', 'd', 'a', 'e']);
    expect(atRiskPage(members, 5).next).toBeNull();
    expect(atRiskPage(members, 4).next).toEqual({ customerId: 'a', lastEventAt: 1_000 });
  });

  it('continues after the cursor even when the customer it names has left the set', () => {
    const page = atRiskPage(
      members.filter((m) => m.customerId !== 'b'),
      10,
      { customerId: 'b', lastEventAt: 2_000 },
    );
    expect(page.members.map((m) => m.customerId)).toEqual(['d', 'a', 'e']);
    expect(atRiskPage(members, 10, { customerId: 'z', lastEventAt: 0 })).toEqual({ members: [], next: null });
  });

  it('hands out an opaque cursor that comes back the same, and refuses one it did not make', () => {
    const cursor = { customerId: 'x.y:z@example.com', lastEventAt: 1_764_856_800_000 };
    const text = encodeAtRiskCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeAtRiskCursor(text)).toEqual(cursor);
    for (const bad of [
      '',
      'not json!',
      Buffer.from('[1]').toString('base64url'),
      Buffer.from('["x","y"]').toString('base64url'),
      Buffer.from('[-1,"a"]').toString('base64url'),
      Buffer.from('[1,""]').toString('base64url'),
    ]) {
      expect(decodeAtRiskCursor(bad)).toBeUndefined();
    }
  });
});
