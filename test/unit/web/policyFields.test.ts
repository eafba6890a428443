import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../domain/policy';
import {
  editableText,
  fieldValue,
  parseDocument,
  policyFields,
  splitErrors,
  valueAt,
  withValueAt,
} from '../../../web/src/policyFields';

const doc = () => structuredClone(defaultPolicy) as any;

describe("the policy editor's form fields", () => {
  it('offers each cap, quiet hours, the holdout shares of every journey and the alert thresholds', () => {
    const groups = policyFields(doc());
    expect(groups.map((g) => g.legend)).toEqual([
      'Frequency caps',
      'Quiet hours',
      'Holdout',
      'Alert thresholds',
    ]);
    const paths = groups.flatMap((g) => g.fields.map((f) => f.path));
    expect(paths).toEqual(
      expect.arrayContaining([
        'caps.0.limit',
        'caps.4.window',
        'quietHours.start',
        'holdout.globalPercent',
        'holdout.journeys.cartRecovery',
        'alerts.nssDrop.sigma',
        'alerts.topicSpike.minMentions',
      ]),
    );
    expect(groups[0].fields[0].label).toBe('marketing-24h: messages');
  });

  it('turns what was typed into the value sent: numbers as numbers, anything else as typed for the API to judge', () => {
    const [limit, window] = policyFields(doc())[0].fields;
    expect(fieldValue(limit, ' 3 ')).toBe(3);
    expect(fieldValue(limit, '0.5')).toBe(0.5);
    expect(fieldValue(limit, 'three')).toBe('three');
    expect(fieldValue(limit, '')).toBeUndefined();
    expect(fieldValue(window, '24h')).toBe('24h');
  });

  it('reads and replaces a value by its dotted path without touching the original', () => {
    const original = doc();
    const next = withValueAt(original, 'caps.1.limit', 9);
    expect(valueAt(next, 'caps.1.limit')).toBe(9);
    expect(valueAt(original, 'caps.1.limit')).toBe(5);
    expect(valueAt(withValueAt(original, 'holdout.journeys.advocacy', 5), 'holdout.journeys.advocacy')).toBe(
      5,
    );
    const removed = withValueAt({ holdout: { journeys: { a: 1 } } }, 'holdout.journeys.a', undefined);
    expect(removed).toEqual({ holdout: { journeys: {} } });
  });

  it("puts each of the API's errors next to its field, and the rest in the list at the JSON text", () => {
    const { byField, others } = splitErrors(
      [
        { path: 'holdout.globalPercent', message: 'must be at most 100' },
        { path: 'caps.0.window', message: 'must be a duration' },
        { path: 'teams.0.webhook', message: 'must be a URL' },
        { path: '(body)', message: 'must be an object' },
      ],
      ['holdout.globalPercent', 'caps.0.window', 'caps.0.limit'],
    );
    expect(Object.fromEntries(byField)).toEqual({
      'holdout.globalPercent': ['must be at most 100'],
      'caps.0.window': ['must be a duration'],
    });
    expect(others.map((e) => e.path)).toEqual(['teams.0.webhook', '(body)']);
  });

  it('says what is wrong with the JSON before anything is sent, and shows the document without its version', () => {
    expect(parseDocument('{"caps": [}')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/not valid JSON/),
    });
    expect(parseDocument('[]')).toEqual({ ok: false, problem: 'The policy must be a JSON object ({ … }).' });
    expect(parseDocument('{"caps": []}')).toEqual({ ok: true, doc: { caps: [] } });
    expect(JSON.parse(editableText(doc()))).not.toHaveProperty('version');
  });
});
