import { describe, expect, it } from 'vitest';
import { defaultPolicy, validatePolicy, validatePolicyBody } from '../../../domain/policy';
import { DEFAULT_TOPIC_RULES } from '../../../domain/topics/defaultTopicRules';

import { edited, errorsOf } from './support/editedPolicy';

const DESIGN_TOPICS = [
  'delay',
  'cancellation',
  'lost_or_damaged',
  'refund_and_billing',
  'customer_service',
  'staff',
  'waiting',
  'booking_and_account',
  'product_quality',
  'price',
];

describe('topics, alerts and teams in the default policy (docs/DESIGN.md, "Policy additions")', () => {
  it('has every topic of the design, each with a definition, and the documented alert rules', () => {
    expect(defaultPolicy.topics.map((t) => t.name)).toEqual(expect.arrayContaining(DESIGN_TOPICS));
    for (const topic of defaultPolicy.topics) expect(topic.definition?.length ?? 0).toBeGreaterThan(20);
    expect(defaultPolicy.alerts).toEqual({
      every: '1h',
      nssDrop: { window: '24h', baseline: '7d', sigma: 2, minMentions: 20 },
      topicSpike: { window: '24h', baseline: '7d', sigma: 2, minMentions: 10 },
    });
    expect(defaultPolicy.teams).toEqual([]);
  });

  it('fill in when a stored policy or a PUT body has none (published before topics), as copies', () => {
    const before = edited((d) => {
      delete d.topics;
      delete d.alerts;
      delete d.teams;
    });
    const stored = validatePolicy(before);
    if (!stored.ok) throw new Error(JSON.stringify(stored.errors));
    expect(stored.policy.topics).toEqual(DEFAULT_TOPIC_RULES);
    expect(stored.policy.topics).not.toBe(DEFAULT_TOPIC_RULES);
    expect(stored.policy.alerts).toEqual(defaultPolicy.alerts);
    const { version: _version, ...body } = before;
    const put = validatePolicyBody(body);
    expect(put.ok && put.policy.topics.length).toBe(DEFAULT_TOPIC_RULES.length);
  });

  it('accept a team taxonomy of its own, alert rules in seconds-per-round for tests, and teams owning topics', () => {
    const policy = edited((d) => {
      d.topics = [
        { name: 'seating', definition: 'Seats and legroom.', any: ['legroom', 'seat'], none: ['seat belt'] },
        { name: 'delay', any: ['late'], negatable: true },
      ];
      d.alerts = {
        every: '2s',
        nssDrop: { window: '6h', baseline: '3d', sigma: 1.5, minMentions: 5 },
        topicSpike: { window: '1h', baseline: '2h', sigma: 3, minMentions: 1 },
      };
      d.teams = [{ name: 'logistics', topics: ['delay'], webhook: 'https://hooks.example.com/T1' }];
    });
    expect(validatePolicy(policy)).toMatchObject({ ok: true });
  });
});

describe('errors in topics, alerts and teams name the field', () => {
  it('topic names, phrases and repeats', () => {
    const errors = errorsOf(
      edited((d) => {
        d.topics = [
          { name: 'Late Stuff', any: ['late'] },
          { name: 'delay', any: [] },
          { name: 'delay', any: ['!!!'], colour: 'red' },
        ];
      }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'topics.0.name', message: 'must be 1–64 characters of a–z 0–9 _, starting with a letter' },
        { path: 'topics.1.any', message: 'must hold at least one phrase' },
        { path: 'topics.2.name', message: 'repeats the name of topics.1' },
        { path: 'topics.2.any.0', message: 'must contain a word' },
        { path: 'topics.2.colour', message: 'is not a policy field' },
      ]),
    );
    const types = errorsOf(
      edited((d) => {
        d.topics = [{ name: 'refunds', any: ['refund'], none: 'late', negatable: 'yes' }];
      }),
    );
    expect(types).toEqual([
      { path: 'topics.0.none', message: 'must be a list of phrases' },
      { path: 'topics.0.negatable', message: 'must be true or false' },
    ]);
  });

  it('alert windows are whole hours and the baseline whole windows; sigma and minMentions in range', () => {
    const errors = errorsOf(
      edited((d) => {
        d.alerts.every = '0s';
        d.alerts.nssDrop = { window: '90m', baseline: '7d', sigma: 2, minMentions: 20 };
        d.alerts.topicSpike = { window: '24h', baseline: '7d', sigma: 0, minMentions: 2.5 };
      }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'alerts.every', message: 'must be longer than zero' },
        { path: 'alerts.nssDrop.window', message: 'must be a whole number of hours (counts are hourly)' },
        { path: 'alerts.topicSpike.sigma', message: 'must be greater than 0' },
        { path: 'alerts.topicSpike.minMentions', message: 'must be a whole number' },
      ]),
    );
    const baseline = errorsOf(
      edited((d) => {
        d.alerts.topicSpike.baseline = '30h';
      }),
    );
    expect(baseline).toEqual([
      {
        path: 'alerts.topicSpike.baseline',
        message: 'must be at least two windows long and a whole number of windows (24h each)',
      },
    ]);
  });

  it('a team names topics of the taxonomy and an http(s) webhook', () => {
    const errors = errorsOf(
      edited((d) => {
        d.teams = [
          { name: 'logistics', topics: ['delay', 'delays'], webhook: 'ftp://example.com/x' },
          { name: '', topics: [], webhook: 'https://hooks.example.com/T2' },
        ];
      }),
    );
    // validatePolicy reads a stored document; the topic-name check is for new versions (PUT).
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['teams.0.webhook', 'teams.1.name', 'teams.1.topics']),
    );
    const { version: _version, ...body } = edited((d) => {
      d.teams = [{ name: 'logistics', topics: ['delay', 'delays'], webhook: 'https://hooks.example.com/T1' }];
    });
    const put = validatePolicyBody(body);
    expect(put.ok).toBe(false);
    expect(!put.ok && put.errors).toEqual([
      { path: 'teams.0.topics.1', message: 'must name a topic of topics' },
    ]);
  });
});
