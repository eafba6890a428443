import { describe, expect, it } from 'vitest';
import { defaultPolicy, validatePolicy, validatePolicyBody } from '../../../domain/policy';

import { edited, errorsOf, type Editable } from './support/editedPolicy';

function paths(input: unknown): string[] {
  return errorsOf(input).map((e) => e.path);
}

describe('the default policy', () => {
  it('is valid and exactly the docs/DESIGN.md document', () => {
    expect(validatePolicy(defaultPolicy)).toEqual({ ok: true, policy: defaultPolicy });
    expect(defaultPolicy).toMatchObject({
      version: 1,
      quietHours: { start: '21:00', end: '08:00', defaultTimeZone: 'UTC' },
      exclusions: { openCase: true, disruptionWindow: '72h', negativeSentimentWindow: '7d' },
      sentiment: { negativeBelow: -0.25, positiveAbove: 0.35 },
    });
    expect(defaultPolicy.caps.map((c) => [c.name, c.limit, c.window])).toEqual([
      ['marketing-24h', 2, '24h'],
      ['marketing-7d', 5, '7d'],
      ['email-promotion-24h', 1, '24h'],
      ['sms-24h', 1, '24h'],
      ['service-safety-24h', 6, '24h'],
    ]);
    expect(defaultPolicy.exclusions.categories).not.toContain('survey');
  });

  it('survives a JSON round trip', () => {
    expect(validatePolicy(JSON.parse(JSON.stringify(defaultPolicy)))).toMatchObject({ ok: true });
  });
});

describe('errors name the field', () => {
  it.each<[string, (doc: Editable) => void, string, RegExp]>([
    [
      'a malformed cap window',
      (d) => (d.caps[1].window = '7 days'),
      'caps.1.window',
      /duration such as "90s"/,
    ],
    ['a zero cap window', (d) => (d.caps[0].window = '0h'), 'caps.0.window', /longer than zero/],
    ['a cap window over a year', (d) => (d.caps[0].window = '400d'), 'caps.0.window', /at most 365d/],
    ['a fractional limit', (d) => (d.caps[2].limit = 1.5), 'caps.2.limit', /whole number/],
    ['a zero limit', (d) => (d.caps[2].limit = 0), 'caps.2.limit', /at least 1/],
    ['a missing limit', (d) => delete d.caps[3].limit, 'caps.3.limit', /is required/],
    [
      'a duplicate cap name',
      (d) => (d.caps[3].name = 'marketing-24h'),
      'caps.3.name',
      /repeats the name of caps.0/,
    ],
    ['a cap name unfit for a reason code', (d) => (d.caps[0].name = 'a b:c'), 'caps.0.name', /reason code/],
    [
      'an unknown channel',
      (d) => (d.caps[3].channels = ['fax']),
      'caps.3.channels.0',
      /one of email, sms, push, webhook/,
    ],
    ['an empty channel list', (d) => (d.caps[3].channels = []), 'caps.3.channels', /leave the field out/],
    [
      'a repeated category',
      (d) => d.caps[0].categories.push('promotion'),
      'caps.0.categories.5',
      /repeats "promotion"/,
    ],
    [
      'a capped transactional',
      (d) => (d.caps[0].categories = ['transactional']),
      'caps.0.categories.0',
      /never capped/,
    ],
    ['a bad quiet-hours start', (d) => (d.quietHours.start = '9pm'), 'quietHours.start', /HH:MM/],
    [
      'quiet hours of no length',
      (d) => (d.quietHours.end = '21:00'),
      'quietHours.end',
      /must differ from start/,
    ],
    [
      'an unknown time zone',
      (d) => (d.quietHours.defaultTimeZone = 'Mars/Base'),
      'quietHours.defaultTimeZone',
      /IANA/,
    ],
    [
      'service in quiet hours',
      (d) => (d.quietHours.categories = ['service']),
      'quietHours.categories.0',
      /marketing/,
    ],
    [
      'transactional excluded',
      (d) => (d.exclusions.categories = ['transactional']),
      'exclusions.categories.0',
      /marketing/,
    ],
    [
      'a non-boolean openCase',
      (d) => (d.exclusions.openCase = 'yes'),
      'exclusions.openCase',
      /true or false/,
    ],
    [
      'a bad disruption window',
      (d) => (d.exclusions.disruptionWindow = 72),
      'exclusions.disruptionWindow',
      /duration/,
    ],
    [
      'thresholds out of order',
      (d) => (d.sentiment.positiveAbove = -0.5),
      'sentiment.positiveAbove',
      /greater than/,
    ],
    [
      'a threshold out of range',
      (d) => (d.sentiment.negativeBelow = -2),
      'sentiment.negativeBelow',
      /at least -1/,
    ],
    [
      'an advocacy score below positive',
      (d) => (d.journeys.advocacy.minScore = 0.1),
      'journeys.advocacy.minScore',
      /positiveAbove/,
    ],
    ['a missing journey', (d) => delete d.journeys.cartRecovery, 'journeys.cartRecovery', /is required/],
    [
      'a bad journey delay',
      (d) => (d.journeys.cartRecovery.firstReminderAfter = '1 hour'),
      'journeys.cartRecovery.firstReminderAfter',
      /duration/,
    ],
    ['a misspelt field', (d) => (d.quietHours.timezone = 'UTC'), 'quietHours.timezone', /not a policy field/],
    ['a missing version', (d) => delete d.version, 'version', /is required/],
    ['a version of zero', (d) => (d.version = 0), 'version', /at least 1/],
  ])('%s', (_name, edit, path, message) => {
    const errors = errorsOf(edited(edit));
    expect(errors).toEqual([{ path, message: expect.stringMatching(message) as string }]);
  });

  it('reports every problem at once', () => {
    const input = edited((d) => {
      d.caps[1].window = 'soon';
      d.caps[2].name = 'marketing-7d';
      d.quietHours.defaultTimeZone = 'Nowhere';
      d.extra = true;
    });
    expect(paths(input).sort()).toEqual([
      'caps.1.window',
      'caps.2.name',
      'extra',
      'quietHours.defaultTimeZone',
    ]);
  });

  it('a document that is not an object is refused at the root', () => {
    expect(errorsOf('policy')).toEqual([{ path: '', message: 'must be an object' }]);
    expect(paths(edited((d) => (d.journeys = 'none')))).toEqual(['journeys']);
  });

  it('accepts caps without channels or categories, and empty quiet-hours and exclusion lists', () => {
    const input = edited((d) => {
      d.caps = [{ name: 'everything', limit: 10, window: '1d' }];
      d.quietHours.categories = [];
      d.exclusions.categories = [];
      d.exclusions.disruptionWindow = '0s';
    });
    expect(validatePolicy(input).ok).toBe(true);
  });
});

describe('journey settings, declared by each journey (domain/journeys/registry.ts)', () => {
  const withWinBack = (winBack: Record<string, unknown>) => ({
    ...defaultPolicy,
    journeys: { ...defaultPolicy.journeys, winBack },
  });

  it("a new policy is held to the journey's declaration, naming the field", () => {
    const { version: _version, ...body } = withWinBack({ enabled: true, quietFor: 'sixty days' });
    const result = validatePolicyBody(body);
    expect(result.ok ? [] : result.errors).toEqual([
      { path: 'journeys.winBack.quietFor', message: expect.stringMatching(/must be a duration/) },
    ]);
    expect(
      validatePolicyBody({
        ...body,
        journeys: { ...body.journeys, winBack: { enabled: true, quietFor: '60d' } },
      }).ok,
    ).toBe(true);
  });

  it('a stored policy written before the journey declared its settings stays readable', () => {
    expect(validatePolicy(withWinBack({ enabled: false, note: 'set up later' })).ok).toBe(true);
  });
});

describe('validatePolicyBody (PUT /v1/policy)', () => {
  it('takes the document without its version', () => {
    const { version: _version, ...body } = defaultPolicy;
    expect(validatePolicyBody(body)).toEqual({ ok: true, policy: body });
  });

  it('ignores a version sent back from GET, since the store assigns the next one', () => {
    const result = validatePolicyBody(defaultPolicy);
    expect(result.ok && 'version' in result.policy).toBe(false);
  });

  it('names the field like validatePolicy does', () => {
    const { version: _version, ...body } = defaultPolicy;
    const result = validatePolicyBody({ ...body, caps: [{ ...body.caps[0], limit: -1 }] });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: 'caps.0.limit', message: expect.stringMatching(/at least 1/) as string }],
    });
  });
});

describe('goals, holdout and journey goals in the default policy (docs/DESIGN.md, policy additions)', () => {
  it('are exactly the documented defaults', () => {
    expect(defaultPolicy.goals).toEqual({ purchase: { event: 'purchase', within: '7d' } });
    expect(defaultPolicy.holdout).toEqual({
      globalPercent: 0,
      salt: 'tutti',
      journeys: {},
      exemptCategories: ['transactional', 'service'],
    });
    expect(defaultPolicy.journeys.cartRecovery.goal).toBe('purchase');
  });

  it('default when absent from a stored policy (one published before them) and from a PUT body', () => {
    const before = edited((d) => {
      delete d.goals;
      delete d.holdout;
      delete d.journeys.cartRecovery.goal;
    });
    const stored = validatePolicy(before);
    expect(stored.ok && stored.policy.goals).toEqual(defaultPolicy.goals);
    expect(stored.ok && stored.policy.holdout).toEqual(defaultPolicy.holdout);
    const { version: _version, ...body } = before;
    const put = validatePolicyBody(body);
    expect(put.ok && put.policy.holdout.globalPercent).toBe(0);
    // The defaults are copies: a policy read back never shares a list with defaultPolicy.
    expect(stored.ok && stored.policy.holdout.exemptCategories).not.toBe(
      defaultPolicy.holdout.exemptCategories,
    );
  });

  it('accepts a goal with property equality, a global and a journey holdout in steps of 0.01', () => {
    const input = edited((d) => {
      d.goals.annual = { event: 'purchase', where: { plan: 'annual', gift: false, seats: 5 }, within: '30d' };
      d.journeys.advocacy.goal = 'annual';
      d.holdout = {
        globalPercent: 12.5,
        salt: 'spring-2026',
        journeys: { cartRecovery: 10, winBack: 0.01 },
        exemptCategories: ['transactional', 'service', 'survey'],
      };
    });
    expect(validatePolicy(input)).toEqual({ ok: true, policy: input });
  });
});

describe('errors in goals, holdout and journey goals name the field', () => {
  it.each<[string, (doc: Editable) => void, string, RegExp]>([
    [
      'a goal on an unknown event type',
      (d) => (d.goals.purchase.event = 'bought'),
      'goals.purchase.event',
      /an event type/,
    ],
    [
      'a goal without a window',
      (d) => delete d.goals.purchase.within,
      'goals.purchase.within',
      /is required/,
    ],
    [
      'a zero goal window',
      (d) => (d.goals.purchase.within = '0d'),
      'goals.purchase.within',
      /longer than zero/,
    ],
    [
      'a goal property compared with an object',
      (d) => (d.goals.purchase.where = { cart: { id: 1 } }),
      'goals.purchase.where.cart',
      /string, a number, true or false/,
    ],
    [
      'a goal name unfit for a key',
      (d) => (d.goals['a.b'] = { event: 'purchase', within: '1d' }),
      'goals.a.b',
      /not a valid goal name/,
    ],
    [
      'a journey naming no goal of the policy',
      (d) => (d.journeys.cartRecovery.goal = 'checkout'),
      'journeys.cartRecovery.goal',
      /must name a goal in goals \(purchase\)/,
    ],
    [
      'a negative global percent',
      (d) => (d.holdout.globalPercent = -1),
      'holdout.globalPercent',
      /at least 0/,
    ],
    [
      'a global percent over 100',
      (d) => (d.holdout.globalPercent = 100.5),
      'holdout.globalPercent',
      /at most 100/,
    ],
    [
      'a percent finer than a bucket',
      (d) => (d.holdout.globalPercent = 0.005),
      'holdout.globalPercent',
      /steps of 0.01/,
    ],
    ['an empty salt', (d) => (d.holdout.salt = ''), 'holdout.salt', /must not be empty/],
    [
      'a journey percent as text',
      (d) => (d.holdout.journeys = { cartRecovery: '10%' }),
      'holdout.journeys.cartRecovery',
      /percentage/,
    ],
    [
      'transactional held out',
      (d) => (d.holdout.exemptCategories = ['service']),
      'holdout.exemptCategories',
      /must include transactional/,
    ],
    [
      'an unknown exempt category',
      (d) => d.holdout.exemptCategories.push('spam'),
      'holdout.exemptCategories.2',
      /one of transactional/,
    ],
    [
      'a misspelt holdout field',
      (d) => (d.holdout.globalPercentage = 5),
      'holdout.globalPercentage',
      /not a policy field/,
    ],
  ])('%s', (_name, edit, path, message) => {
    expect(errorsOf(edited(edit))).toEqual([{ path, message: expect.stringMatching(message) as string }]);
  });
});

describe('a journey holdout', () => {
  it('must name a journey of the policy or the registry in a new version', () => {
    const { version: _version, ...body } = edited((d) => (d.holdout.journeys = { cartRecovry: 10 }));
    expect(validatePolicyBody(body)).toEqual({
      ok: false,
      errors: [
        { path: 'holdout.journeys.cartRecovry', message: expect.stringMatching(/must name a journey/) },
      ],
    });
    expect(validatePolicyBody({ ...body, holdout: { ...body.holdout, journeys: { winBack: 10 } } }).ok).toBe(
      true,
    );
  });

  it('stays readable in a stored policy once its journey is gone from the registry', () => {
    expect(validatePolicy(edited((d) => (d.holdout.journeys = { retiredJourney: 10 }))).ok).toBe(true);
  });
});
