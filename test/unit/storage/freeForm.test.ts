// Free-form objects (event properties, traits, outbox content) survive storage exactly: whatever JSON a
// client sends is what the API answers later. The BSON round trip here is the driver's own encoder; what
// FerretDB itself refuses is checked against the real server in test/integration/storeFreeForm.test.ts.
import fc from 'fast-check';
import { mongo } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { decodeFreeForm, encodeFreeForm, MAX_STORED_DEPTH, storableAsIs } from '../../../storage/freeForm';

/** Through the encoder, a BSON document (as the driver writes and reads it), and the decoder. */
function throughStorage(value: unknown): unknown {
  const bytes = mongo.BSON.serialize({ _id: 'x', value: encodeFreeForm(value) });
  return decodeFreeForm(mongo.BSON.deserialize(bytes).value);
}

/** What the API would answer: JSON text. */
const asJson = (value: unknown) => JSON.stringify(value);

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

const hostileKey = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '$set',
    'a.b',
    '.',
    '$',
    'nul\u0000key',
    '__proto__',
    'constructor',
    'lone\ud800',
    '',
    '_id',
  ),
);
const hostileString = fc.oneof(fc.string(), fc.constantFrom('x\ud800y', '\udc00', 'a\u0000b', '😀'));
const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    hostileString,
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('json'), { maxKeys: 4 }),
  ),
}));
const jsonObject = fc.dictionary(hostileKey, json, { maxKeys: 5 });

describe('free-form objects in storage', () => {
  it('reads back every JSON object exactly as it was written, whatever its keys, arrays and strings', () => {
    fc.assert(
      fc.property(jsonObject, (value) => {
        // JSON.parse of the client's body is what the API stores, so compare as the API would answer.
        const sent = JSON.parse(asJson(value)) as unknown;
        expect(asJson(throughStorage(sent))).toBe(asJson(sent));
      }),
      { numRuns: 500 },
    );
  });

  it('stores ordinary objects as they are, readable in the database', () => {
    const order = { orderId: 'o-1', total: 42.5, items: [{ sku: 'sku-1', qty: 2 }], gift: false, note: null };
    expect(encodeFreeForm(order)).toBe(order);
    expect(encodeFreeForm({})).toEqual({});
  });

  it.each([
    ['a cart as nested arrays', { items: [['sku-1', 2]] }],
    ['a nested array below an object in an array', { lines: [{ options: [['size', 'M']] }] }],
    ['a key starting with $', { $where: 'x' }],
    ['a key containing a dot', { 'utm.source': 'news' }],
    ['a key containing NUL', { 'a\u0000b': 1 }],
    ['a __proto__ key', JSON.parse('{"__proto__":{"admin":true}}') as object],
    ['a lone surrogate in a value', { name: 'Ad\ud800a' }],
    ['a lone surrogate in a key', { ['k\udc00']: 1 }],
    ['nesting deeper than the stored limit', nested(MAX_STORED_DEPTH + 1)],
  ])('stores %s as JSON text and reads it back unchanged', (_, value) => {
    expect(storableAsIs(value)).toBe(false);
    expect(typeof encodeFreeForm(value)).toBe('string');
    expect(asJson(throughStorage(value))).toBe(asJson(value));
  });

  it('keeps nesting up to the limit as it is', () => {
    expect(storableAsIs(nested(MAX_STORED_DEPTH))).toBe(true);
  });

  it('never stores a number storage cannot hold: non-finite numbers go as JSON text (null, as JSON has it)', () => {
    // FerretDB refuses Infinity and drops the connection on NaN; the API refuses both before they get here.
    for (const n of [Infinity, -Infinity, NaN]) {
      expect(storableAsIs({ n })).toBe(false);
      expect(throughStorage({ n, keep: 1 })).toEqual({ n: null, keep: 1 });
    }
  });

  it('checks an absurdly deep object without recursion', () => {
    let value: unknown = [];
    for (let i = 0; i < 100_000; i++) value = { a: value };
    expect(storableAsIs(value as object)).toBe(false);
  });

  it('passes scalars and absent values through', () => {
    expect(encodeFreeForm(undefined)).toBeUndefined();
    expect(encodeFreeForm(null)).toBeNull();
    expect(decodeFreeForm(undefined)).toBeUndefined();
    expect(decodeFreeForm({ a: 1 })).toEqual({ a: 1 });
  });
});
