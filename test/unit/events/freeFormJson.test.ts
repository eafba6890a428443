import { describe, expect, it } from 'vitest';
import { checkFreeForm, MAX_FREE_FORM_DEPTH } from '../../../domain/events/freeFormJson';
import { hasLoneSurrogate, toWellFormed } from '../../../domain/events/wellFormedText';

/** `{"a":{"a":…1…}}` with `levels` objects, parsed as the API would parse it. */
const nested = (levels: number): unknown =>
  JSON.parse('{"a":'.repeat(levels - 1) + '{"a":1' + '}'.repeat(levels));

describe('checkFreeForm', () => {
  it('takes what a normal client sends: nested arrays (a cart), $ and . in keys, unicode, nulls', () => {
    const cart = JSON.parse(
      '{"items":[["sku-1",2],["sku-2",1]],"$discount":5,"price.total":12.5,"note":"ça va 🎉","gift":null}',
    );
    expect(checkFreeForm(cart)).toEqual([]);
  });

  it(`takes ${MAX_FREE_FORM_DEPTH} levels and refuses ${MAX_FREE_FORM_DEPTH + 1}, naming where`, () => {
    expect(checkFreeForm(nested(MAX_FREE_FORM_DEPTH))).toEqual([]);
    const problems = checkFreeForm(nested(MAX_FREE_FORM_DEPTH + 1));
    expect(problems).toEqual([
      {
        path: Array(MAX_FREE_FORM_DEPTH).fill('a'),
        message: `nests deeper than ${MAX_FREE_FORM_DEPTH} levels`,
      },
    ]);
  });

  it('answers 100,000 levels (objects or arrays) with a problem, not a stack overflow', () => {
    expect(checkFreeForm(nested(100_000))).toHaveLength(1);
    const arrays = JSON.parse(`{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(checkFreeForm(arrays)[0].message).toMatch(/deeper than/);
  });

  it('refuses numbers JSON reads as Infinity, naming the path', () => {
    const problems = checkFreeForm(JSON.parse('{"order":{"amounts":[1,1e400,-1e400]}}'));
    expect(problems.map((p) => p.path)).toEqual([
      ['order', 'amounts', 1],
      ['order', 'amounts', 2],
    ]);
    expect(problems[0].message).toMatch(/finite number/);
  });

  it('refuses keys that cannot be kept: __proto__, a NUL, a lone surrogate', () => {
    const problems = checkFreeForm(
      JSON.parse('{"__proto__":{"x":1},"deep":{"a\\u0000b":1},"k\\ud800":1,"fine":{"constructor":1}}'),
    );
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: ['__proto__'], message: expect.stringMatching(/not allowed as a key/) },
        { path: ['deep', 'a\u0000b'], message: expect.stringMatching(/NUL/) },
        { path: ['k\ud800'], message: expect.stringMatching(/lone surrogate/) },
      ]),
    );
  });

  it('repairs lone surrogates in string values (free text), at any depth', () => {
    const value = JSON.parse('{"a":"x\\ud800y","b":[["\\udc00"]],"c":"🎉"}') as Record<string, unknown>;
    expect(checkFreeForm(value)).toEqual([]);
    expect(value).toEqual({ a: 'x\uFFFDy', b: [['\uFFFD']], c: '🎉' });
  });

  it('stops at maxValues: an object too big for its size limit is not walked key by key', () => {
    const flat = Object.fromEntries(
      Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i % 2 ? Infinity : 1]),
    );
    expect(checkFreeForm(flat, { maxValues: 8192 })).toEqual([
      { path: [], message: 'holds more than 8192 values', tooLarge: true },
    ]);
    expect(checkFreeForm({ a: [1, 2], b: { c: 3 } }, { maxValues: 5 })).toEqual([]);
  });

  it('lists at most 20 problems', () => {
    const many = JSON.parse(`[${Array(1000).fill('1e999').join(',')}]`);
    expect(checkFreeForm({ many })).toHaveLength(20);
  });
});

describe('lone surrogates', () => {
  it('are found alone, never in a proper pair', () => {
    expect(hasLoneSurrogate('a\ud800')).toBe(true);
    expect(hasLoneSurrogate('\udc00a')).toBe(true);
    expect(hasLoneSurrogate('\udc00\ud800')).toBe(true);
    expect(hasLoneSurrogate('🎉 ok \uFFFD')).toBe(false);
    expect(toWellFormed('a\ud800\ud83c\udf89')).toBe('a\uFFFD🎉');
  });
});
