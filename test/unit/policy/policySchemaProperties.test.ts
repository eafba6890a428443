import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPolicy, validatePolicy, validatePolicyBody } from '../../../domain/policy';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const { version: _version, ...defaultBody } = defaultPolicy;
const base = (): Record<string, Json> => JSON.parse(JSON.stringify(defaultBody)) as Record<string, Json>;

/** Every path into the default policy body: objects' fields and lists' items, at every depth. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value)
    ? value.flatMap((item, i) => pathsOf(item, [...prefix, i]))
    : Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]));
  return prefix.length > 0 ? [prefix, ...children] : children;
}
const PATHS = pathsOf(base());

function withValueAt(path: (string | number)[], value: Json): Record<string, Json> {
  const doc = base();
  let parent: any = doc;
  for (const key of path.slice(0, -1)) parent = parent[key];
  parent[path[path.length - 1]] = value;
  return doc;
}

/** A validation that answers: ok, or a non-empty list of dotted paths with messages. Never a throw. */
function expectAnswered(result: ReturnType<typeof validatePolicyBody>): void {
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(typeof error.path).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
  }
}

describe('the policy schema on any JSON a client may send', () => {
  it('answers any JSON value as the whole document with problems, never a throw', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectAnswered(validatePolicyBody(value));
      }),
      { numRuns: 500 },
    );
  });

  it('answers any JSON value in place of any field, naming a field on that path when it refuses', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), fc.jsonValue({ maxDepth: 4 }), (path, value) => {
        const result = validatePolicyBody(withValueAt(path, value as Json));
        expectAnswered(result);
        if (!result.ok) {
          const dotted = path.join('.');
          // Checks across fields name the field that no longer fits (a journey's goal when `goals` lost it).
          const cross = [
            'journeys.advocacy.minScore',
            'sentiment.positiveAbove',
            'journeys.cartRecovery.goal',
          ];
          expect(
            result.errors.some(
              (e) => e.path.startsWith(dotted) || dotted.startsWith(e.path) || cross.includes(e.path),
            ),
            `${dotted} = ${JSON.stringify(value)}: ${JSON.stringify(result.errors)}`,
          ).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
    // 2,000 whole documents validated: seconds on a busy machine, more than the default 5 s timeout allows.
  }, 30_000);

  it.each<[string, Record<string, Json>, string, RegExp]>([
    ['caps as a number', { ...base(), caps: 5 }, 'caps', /must be a list of caps/],
    ['quiet hours as null', { ...base(), quietHours: null }, 'quietHours', /must be an object/],
    ['sentiment as null', { ...base(), sentiment: null }, 'sentiment', /must be an object/],
    ['a string for the journeys', { ...base(), journeys: 'x' }, 'journeys', /must be an object/],
    [
      'an absurd cap window',
      withValueAt(['caps', 0, 'window'], '99999999999999999999d'),
      'caps.0.window',
      /at most 365d/,
    ],
    [
      'a window of 400 days',
      withValueAt(['exclusions', 'disruptionWindow'], '400d'),
      'exclusions.disruptionWindow',
      /at most 365d/,
    ],
    ['a list where a cap should be', withValueAt(['caps', 1], ['a']), 'caps.1', /must be an object/],
    [
      'a number as a channel list',
      withValueAt(['caps', 2, 'channels'], 3),
      'caps.2.channels',
      /must be a list/,
    ],
    [
      'a custom journey wait of 10,000 days',
      withValueAt(['journeys', 'birthday'], { enabled: true, sendBefore: '10000d' }),
      'journeys.birthday.sendBefore',
      /at most 365d/,
    ],
    [
      'a win-back that never waits (its declared settings hold)',
      withValueAt(['journeys', 'winBack'], { enabled: true, quietFor: '0d' }),
      'journeys.winBack.quietFor',
      /longer than zero/,
    ],
    [
      'a win-back without its wait',
      withValueAt(['journeys', 'winBack'], { enabled: true }),
      'journeys.winBack.quietFor',
      /is required/,
    ],
    [
      'a journey name that cannot be a key',
      withValueAt(['journeys', 'a.b'], { enabled: true }),
      'journeys.a.b',
      /not a valid journey name/,
    ],
    [
      'a setting name with a $',
      withValueAt(['journeys', 'birthday'], { enabled: true, $where: '1d' }),
      'journeys.birthday.$where',
      /not a valid setting name/,
    ],
  ])('refuses %s, naming the field', (_what, input, path, message) => {
    const result = validatePolicyBody(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('refuses a journey named __proto__ rather than dropping it', () => {
    const input = JSON.parse(`{"journeys":{"__proto__":{"enabled":true}}}`);
    const result = validatePolicyBody({
      ...base(),
      journeys: { ...(base().journeys as object), ...input.journeys },
    });
    expect(result.ok ? [] : result.errors).toContainEqual({
      path: 'journeys.__proto__',
      message: expect.stringMatching(/not a valid journey name/),
    });
  });

  it('still reads a version stored before these rules, so the policy in force never becomes unreadable', () => {
    const stored = {
      ...defaultPolicy,
      version: 3,
      journeys: { ...defaultPolicy.journeys, _legacy: { enabled: false, quietFor: '400d' } },
    };
    expect(validatePolicy(stored).ok).toBe(true);
    expect(validatePolicyBody(stored).ok).toBe(false);
  });
});
