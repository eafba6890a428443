import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, CHANNELS } from '../../../domain/contact';
import type { ContactRequest } from '../../../domain/contact';
import { contactRequestProblems, contactRequestSchema } from '../../../domain/contact';

/**
 * The update validator as it was written by hand until the schema replaced it, kept as the reference: the
 * workflow must go on accepting and refusing exactly these requests.
 */
function validatorBefore(request: ContactRequest): string[] {
  const problems: string[] = [];
  if (typeof request?.id !== 'string' || request.id.length === 0 || request.id.length > 128) {
    problems.push('id must be a string of 1–128 characters');
  }
  if (!(CHANNELS as readonly string[]).includes(request?.channel))
    problems.push(`channel must be one of ${CHANNELS.join(', ')}`);
  if (!(CATEGORIES as readonly string[]).includes(request?.category)) {
    problems.push(`category must be one of ${CATEGORIES.join(', ')}`);
  }
  if (!Number.isInteger(request?.priority) || request.priority < 0 || request.priority > 100) {
    problems.push('priority must be an integer from 0 to 100');
  }
  for (const field of ['notBefore', 'expiresAt'] as const) {
    const value = request?.[field];
    if (value !== undefined && !Number.isFinite(value)) problems.push(`${field} must be epoch milliseconds`);
  }
  return problems;
}

/** Anything a caller could put in a member: JSON values, and the numbers JSON cannot carry. */
const anything = fc.oneof(
  fc.jsonValue({ maxDepth: 1 }),
  fc.constantFrom(undefined, null, NaN, Infinity, -Infinity, -0, 1e21, 2.5, '', 'email', 'promotion', []),
);
/** Mostly a good value, sometimes anything: so that about half the requests are valid. */
const mostly = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: anything });

const idArb = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  // Around the 128 limit, astral characters included: two UTF-16 units each, one code point.
  { weight: 2, arbitrary: fc.string({ minLength: 60, maxLength: 136, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.constant('journey:cartRecovery:1:reminder_email') },
);
/** Epoch ms as the workflow takes them, or an ISO time as only the API takes them. */
const timeArb = fc.oneof(
  { weight: 6, arbitrary: fc.oneof(fc.integer(), fc.double()) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
);

const requestArb = fc.record(
  {
    id: mostly(idArb),
    channel: mostly(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...CHANNELS) }, fc.constant('fax'))),
    category: mostly(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...CATEGORIES) }, fc.constant('spam'))),
    priority: mostly(
      fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -3, max: 103 }) }, fc.double({ min: -1, max: 101 })),
    ),
    campaign: anything,
    content: fc.oneof(anything, fc.record({ subject: anything, body: anything })),
    notBefore: mostly(timeArb),
    expiresAt: mostly(timeArb),
    extra: anything,
  },
  { requiredKeys: ['id', 'channel', 'category', 'priority'] },
);

describe('the update validator: one schema, the same verdicts as the hand-written checks it replaced', () => {
  it('accepts and refuses exactly the requests the checks of before did', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.oneof({ weight: 20, arbitrary: requestArb }, { weight: 1, arbitrary: anything }),
        (input) => {
          const before = validatorBefore(input as ContactRequest).length === 0;
          expect(contactRequestSchema.safeParse(input).success).toBe(before);
          expect(contactRequestProblems(input).length === 0).toBe(before);
          if (before) accepted++;
        },
      ),
      { numRuns: 5000 },
    );
    // Both verdicts were put to the test, not only one.
    expect(accepted).toBeGreaterThan(500);
    expect(accepted).toBeLessThan(4500);
  });

  it('measures an id in UTF-16 units, as the workflow always has', () => {
    const request = { channel: 'email', category: 'service', priority: 50 };
    expect(contactRequestProblems({ ...request, id: 'x'.repeat(128) })).toEqual([]);
    expect(contactRequestProblems({ ...request, id: '😀'.repeat(64) })).toEqual([]);
    expect(contactRequestProblems({ ...request, id: '😀'.repeat(65) })).toEqual([
      'id must be at most 128 characters',
    ]);
    expect(contactRequestProblems({ ...request, id: '😀'.repeat(129) })).toEqual([
      'id must be at most 128 characters',
    ]);
  });

  it('names what is wrong, in the words the API uses', () => {
    expect(contactRequestProblems({ id: '', channel: 'fax', category: 'promotion', priority: 50.5 })).toEqual(
      [
        'id must not be empty',
        'channel must be one of email, sms, push, webhook or "auto"',
        'priority must be a whole number',
      ],
    );
    expect(contactRequestProblems(null)).toEqual(['a contact request must be an object']);
    expect(
      contactRequestProblems({
        id: 'a',
        channel: 'sms',
        category: 'service',
        priority: 0,
        notBefore: '2026-01-01',
      }),
    ).toEqual(['notBefore must be epoch milliseconds']);
  });
});
