import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreText } from '../../../sentiment/engine';
import { DEFAULT_TAXONOMY, DEFAULT_TOPIC_RULES } from '../../../topics/engine/defaultTaxonomy';
import { splitClauses, tagTopics, topicNames, topicsWithSentiment } from '../../../topics/engine/tagTopics';
import { NEGATOR, compilePhrase, compileTaxonomy, type TopicRule } from '../../../topics/engine/topicRules';

const rules: TopicRule[] = [
  { name: 'delay', any: ['delayed', 'still waiting', 'never arrived'], none: ['late for work'] },
  { name: 'support', any: ['on hold', 'no answer'], negatable: false },
  { name: 'late', any: ['late'], none: ['late for work'] },
];
const taxonomy = compileTaxonomy(rules);
const names = (text: string): string[] => topicNames(text, taxonomy);

describe('compilePhrase', () => {
  it('lower-cases, stems and folds negators', () => {
    expect(compilePhrase('Delayed').words).toEqual(compilePhrase('delays').words);
    expect(compilePhrase("hasn't arrived").words).toEqual([NEGATOR, ...compilePhrase('arrive').words]);
    expect(compilePhrase('never arrived').words).toEqual(compilePhrase('did not arrive').words.slice(1));
  });

  it('drops empty phrases and phrases of negators alone', () => {
    const compiled = compileTaxonomy([{ name: 'x', any: ['', '!!', 'not', 'late', 'LATE'] }]);
    expect(compiled.topics[0].any.map((p) => p.source)).toEqual(['late']);
  });
});

describe('tagTopics', () => {
  it('matches any inflection and case of a rule word', () => {
    for (const text of ['The flight was DELAYED', 'delays again', 'they delay everything', 'Delaying us'])
      expect(names(text)).toEqual(['delay']);
  });

  it('matches phrases word by word, allowing one word between them', () => {
    expect(names("I'm still waiting for my parcel")).toEqual(['delay']);
    expect(names('still been waiting')).toEqual(['delay']);
    expect(names('still been there waiting')).toEqual([]);
    expect(names('waiting still')).toEqual([]);
    expect(names('I was put on hold for an hour')).toEqual(['support']);
  });

  it('does not skip a negator or a comma inside a phrase', () => {
    expect(names('still not waiting')).toEqual([]);
    expect(names('still, waiting')).toEqual([]);
  });

  it('cancels a mention with a negator shortly before it, in the same clause', () => {
    expect(names('not delayed')).toEqual([]);
    expect(names('the train was not really delayed')).toEqual([]);
    expect(names('never had delays')).toEqual([]);
    expect(names('no, delayed again')).toEqual(['delay']);
    expect(names('nothing works and we were not told anything about our flight being delayed')).toEqual([
      'delay',
    ]);
  });

  it('keeps phrases that begin with a negator, whichever negator the text uses', () => {
    expect(names('the parcel never arrived')).toEqual(['delay']);
    expect(names("it hasn't arrived")).toEqual(['delay']);
    expect(names('it did not arrive')).toEqual(['delay']);
    expect(names('no one answered')).toEqual(['support']);
  });

  it('does not read "nothing but" or "not only" as negation', () => {
    expect(names('nothing but delays')).toEqual(['delay']);
    expect(names('not only delayed')).toEqual(['delay']);
  });

  it('ignores negation for topics that are not negatable', () => {
    expect(names('I was not on hold long')).toEqual(['support']);
  });

  it('lets a none phrase veto the topic within its clause only', () => {
    expect(names('I was late for work')).toEqual([]);
    expect(names('I was late for work. The bus was late')).toEqual(['late']);
    expect(names('I was late for work but the bus was late too')).toEqual(['late']);
  });

  it('splits clauses at sentence punctuation, semicolons and "but"', () => {
    expect(splitClauses('Late! Delayed? yes; no. a but b, c').map((c) => c.words.length)).toEqual([
      1, 1, 1, 1, 1, 3,
    ]);
    const text = 'The flight was delayed, but I was on hold for ages.';
    expect(tagTopics(text, taxonomy)).toEqual([
      { name: 'delay', clause: 'The flight was delayed', start: 0, end: 22 },
      { name: 'support', clause: 'I was on hold for ages', start: 28, end: 50 },
    ]);
  });

  it('returns one mention per topic and clause', () => {
    expect(tagTopics('delayed and delayed again', taxonomy)).toHaveLength(1);
  });
});

describe('topicsWithSentiment', () => {
  it('scores each topic by the clause that mentions it', () => {
    const text = 'Sadly the flight was delayed for hours, but the agent on hold was wonderful';
    const topics = topicsWithSentiment(text, taxonomy);
    expect(topics.map((t) => t.name)).toEqual(['delay', 'support']);
    expect(topics[0].score).toBe(scoreText('Sadly the flight was delayed for hours').score);
    expect(topics[0].score).toBeLessThan(0);
    expect(topics[1].score).toBeGreaterThan(0);
  });

  it('averages a topic over the clauses that mention it', () => {
    const text = 'Delayed and awful. Delayed but fine';
    const [delay] = topicsWithSentiment(text, taxonomy);
    const mean = (scoreText('Delayed and awful').score + scoreText('Delayed').score) / 2;
    expect(delay.score).toBeCloseTo(mean, 4);
  });

  it('returns nothing for text without topics', () => {
    expect(topicsWithSentiment('hello there', taxonomy)).toEqual([]);
  });
});

describe('the default taxonomy', () => {
  const tag = (text: string): string[] => topicNames(text, DEFAULT_TAXONOMY).sort();

  it('has the ten topics of DESIGN.md, each defined', () => {
    expect(DEFAULT_TOPIC_RULES.map((r) => r.name)).toEqual([
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
    ]);
    for (const rule of DEFAULT_TOPIC_RULES) expect(rule.definition?.length).toBeGreaterThan(20);
  });

  it('tags each of its own phrases, alone, with its topic (no rule vetoes or negates itself)', () => {
    for (const rule of DEFAULT_TOPIC_RULES) {
      for (const phrase of rule.any)
        expect([phrase, tag(phrase)]).toEqual([phrase, expect.arrayContaining([rule.name])]);
    }
  });

  it('reads paraphrases', () => {
    expect(tag('Parcel is nowhere to be seen')).toContain('delay');
    expect(tag('the refund took forever')).toEqual(['delay', 'refund_and_billing']);
    expect(tag('we got bumped off the flight')).toEqual(['cancellation']);
    expect(tag('45 minutes on hold')).toEqual(['customer_service']);
  });

  it('tells the senses of a word apart', () => {
    expect(tag('the line was busy all morning')).toEqual(['customer_service']);
    expect(tag('the line at security was huge')).toEqual(['waiting']);
    expect(tag("my phone won't charge")).toEqual(['product_quality']);
    expect(tag('they charged me twice')).toEqual(['refund_and_billing']);
    expect(tag('sorry, running late for work')).toEqual([]);
    expect(tag('no delay this time')).toEqual([]);
  });
});

describe('properties', () => {
  it('is deterministic and never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const first = tagTopics(text, DEFAULT_TAXONOMY);
        expect(tagTopics(text, DEFAULT_TAXONOMY)).toEqual(first);
        for (const m of first) {
          expect(m.start).toBeGreaterThanOrEqual(0);
          expect(m.end).toBeLessThanOrEqual(text.length);
          expect(m.clause).toBe(text.slice(m.start, m.end));
        }
        for (const t of topicsWithSentiment(text, DEFAULT_TAXONOMY)) {
          expect(Math.abs(t.score)).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('survives words mixed with the taxonomy\u2019s own phrases', () => {
    const words = DEFAULT_TOPIC_RULES.flatMap((r) => [...r.any, ...(r.none ?? [])]);
    const piece = fc.oneof(fc.constantFrom(...words, 'not', 'but', ',', '.', '&lt;3', "n't"), fc.string());
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join(' ');
        expect(tagTopics(text, DEFAULT_TAXONOMY)).toEqual(tagTopics(text, DEFAULT_TAXONOMY));
      }),
      { numRuns: 300 },
    );
  });
});
