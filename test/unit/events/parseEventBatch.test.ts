import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventBatch } from '../../../api/ingest/parseEventBatch';
import { HttpProblem } from '../../../api/problem';

const now = new Date('2026-11-23T12:00:00.000Z');
const event = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  customerId: 'c-1',
  type: 'purchase',
  channel: 'web',
  ...extra,
});
/** An event's JSON text with a raw member appended, for what JSON.stringify cannot write (1e400). */
const withRaw = (value: object, member: string): string => JSON.stringify(value).replace(/}$/, `,${member}}`);
/** A body as the API receives it: parsed from JSON text, so `1e400` is Infinity and `__proto__` an own key. */
const body = (json: string): unknown => JSON.parse(json);

describe('parseEventBatch with hostile events beside valid ones', () => {
  it('takes the valid events and lists each invalid one with the field and rule', () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const items = [
      JSON.stringify(event('ok-1', { properties: { items: [['sku-1', 2]], $x: 1, 'a.b': 2 } })),
      withRaw(event('inf'), '"properties":{"amount":1e400}'),
      withRaw(event('deep'), `"properties":${deep}`),
      JSON.stringify(event('nul', { properties: { 'a\u0000': 1 } })),
      JSON.stringify(event('future', { occurredAt: '9999-01-01T00:00:00Z' })),
      JSON.stringify(event('soon', { occurredAt: '2026-11-23T12:04:00Z' })),
      '"not an event"',
    ];
    const parsed = parseEventBatch(body(`{"events":[${items.join(',')}]}`), now);
    expect(parsed.valid.map((v) => v.event.id)).toEqual(['ok-1', 'soon']);
    expect(parsed.valid[0].event.properties).toEqual({ items: [['sku-1', 2]], $x: 1, 'a.b': 2 });
    const errors = Object.fromEntries(parsed.rejected.map((r) => [r.id ?? `#${r.index}`, r.errors]));
    expect(errors.inf).toEqual([
      { path: 'events.1.properties.amount', message: expect.stringMatching(/finite/) },
    ]);
    expect(errors.deep[0]).toMatchObject({ message: 'nests deeper than 32 levels' });
    expect(errors.deep[0].path).toMatch(/^events\.2\.properties(\.a){32}$/);
    expect(errors.nul[0]).toMatchObject({
      path: 'events.3.properties.a\u0000',
      message: expect.stringMatching(/NUL/),
    });
    expect(errors.future).toEqual([
      {
        path: 'events.4.occurredAt',
        message: expect.stringMatching(/at most 5 minutes after the server's clock/),
      },
    ]);
    // A string, not an event: listed like any invalid one.
    expect(errors['#6'][0].path).toBe('events.6');
  });

  it('refuses an id with a lone surrogate and repairs one in free text', () => {
    const parsed = parseEventBatch(
      body(
        '{"events":[{"id":"e\\ud800","customerId":"c","type":"browse","channel":"web"},' +
          '{"id":"e2","customerId":"c","type":"message","channel":"chat","text":"hi \\ud83d","properties":{"t":"\\udc00"}}]}',
      ),
      now,
    );
    expect(parsed.rejected).toEqual([
      {
        index: 0,
        id: 'e\ud800',
        errors: [{ path: 'events.0.id', message: expect.stringMatching(/lone surrogate/) }],
      },
    ]);
    expect(parsed.valid[0].event).toMatchObject({ text: 'hi \uFFFD', properties: { t: '\uFFFD' } });
  });

  it('refuses a consent about something that is not a channel, and a case id with a lone surrogate', () => {
    const parsed = parseEventBatch(
      body(
        '{"events":[{"id":"1","customerId":"c","type":"consent","channel":"web","properties":{"channel":"__proto__","status":"opted_out"}},' +
          '{"id":"2","customerId":"c","type":"case_resolved","channel":"ops","properties":{"caseId":"case-\\ud800"}},' +
          '{"id":"3","customerId":"c","type":"consent","channel":"web","properties":{"channel":"chat","status":"opted_out"}}]}',
      ),
      now,
    );
    expect(parsed.rejected.map((r) => r.errors[0].path)).toEqual([
      'events.0.properties.channel',
      'events.1.properties.caseId',
    ]);
    expect(parsed.valid.map((v) => v.event.id)).toEqual(['3']);
  });

  it('never throws on any JSON as an event or as its properties: it takes or lists it', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.jsonValue(),
            fc.jsonValue().map((properties) => ({ ...event('p'), properties })),
          ),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        (events) => {
          try {
            const parsed = parseEventBatch({ events }, now);
            expect(parsed.valid.length + parsed.rejected.length).toBe(events.length);
            for (const r of parsed.rejected) expect(r.errors.length).toBeGreaterThan(0);
          } catch (error) {
            // Only the whole-body refusals (none here: the batch is a non-empty array) may throw, and only as a 400.
            expect(error).toBeInstanceOf(HttpProblem);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
