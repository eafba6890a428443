import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreText, scoreTexts } from '../../../sentiment/engine/scorer';
import { NEGATIVE_BELOW, POSITIVE_ABOVE, textLabelFor } from '../../../sentiment/engine/thresholds';

const score = (text: string): number => scoreText(text).score;
const label = (text: string): string => scoreText(text).label;

describe('scoreText', () => {
  it('reads plain praise and complaints', () => {
    expect(label('The agent was wonderful and very helpful')).toBe('positive');
    expect(label('This is the worst service I have ever had')).toBe('negative');
  });

  it('flips under negation', () => {
    expect(label('good')).toBe('positive');
    expect(label('not good')).toBe('negative');
    expect(label("I don't like it")).toBe('negative');
    expect(label('The app is not working')).toBe('negative');
    expect(score('not bad')).toBeGreaterThan(score('bad'));
  });

  it('keeps negation inside its clause', () => {
    expect(score('Not what I ordered, but the replacement is great')).toBeGreaterThan(0);
  });

  it('weighs what follows "but" more than what precedes it', () => {
    expect(label('The food was great but the service was terrible')).toBe('negative');
    expect(label('The service was terrible but the food was great')).toBe('positive');
  });

  it('reads emoji and emoticons', () => {
    expect(label('😡')).toBe('negative');
    expect(label('👍')).toBe('positive');
    expect(score('my order arrived :)')).toBeGreaterThan(score('my order arrived'));
    expect(score('my order arrived :(')).toBeLessThan(score('my order arrived'));
    expect(label('&lt;3')).toBe('positive');
  });

  it('intensifies with capitals, exclamation marks, intensifiers and elongation', () => {
    const plain = score('This is unacceptable');
    expect(score('This is UNACCEPTABLE')).toBeLessThan(plain);
    expect(score('This is unacceptable!!!')).toBeLessThan(plain);
    expect(score('The crew was very good')).toBeGreaterThan(score('The crew was good'));
    expect(score('The crew was slightly good')).toBeLessThan(score('The crew was good'));
    expect(score('sooo goood')).toBeGreaterThan(score('so good'));
  });

  it('understands customers talking to brands', () => {
    expect(label("my flight was cancelled and I'm still waiting for a refund")).toBe('negative');
    expect(label('thanks, the agent fixed it quickly')).toBe('positive');
    expect(label('The package never arrived')).toBe('negative');
    expect(label('I have been on hold for two hours')).toBe('negative');
    expect(label('They lost my bag and the staff were rude')).toBe('negative');
    expect(label('Delivered on time, works great, would recommend')).toBe('positive');
    expect(label('Would not recommend')).toBe('negative');
    expect(label('No problems at all, everything arrived on time')).toBe('positive');
    expect(label("I'll be there at 10:30")).toBe('neutral');
  });

  it('knows social slang and interjections through the VADER word list', () => {
    expect(label('ugh')).toBe('negative');
    expect(label('lmao')).toBe('positive');
    expect(label('this update is meh')).toBe('negative');
    // Near-zero VADER entries are left out: "number" (0.3) must not tip an order number off neutral.
    expect(Math.abs(score('order number'))).toBeLessThan(0.1);
  });

  it('reads "never ... so" as emphasis, not negation', () => {
    expect(label('I have never slept so well')).toBe('positive');
    expect(score('never been so happy')).toBeGreaterThan(score('been happy'));
    expect(label('never happy with this airline')).toBe('negative');
  });

  it('reads dropped g, chat thanks and more emoticons', () => {
    expect(label('lovin it')).toBe('positive');
    expect(label('ty for the quick reply')).toBe('positive');
    expect(label('still no refund :c')).toBe('negative');
    expect(score('my order arrived :S')).toBeLessThan(score('my order arrived'));
  });

  it('keeps near-zero VADER ratings as a weak vote against AFINN', () => {
    // AFINN rates "silly" -1, VADER's raters 0.1: the mean is mild.
    expect(Math.abs(score('silly'))).toBeLessThan(Math.abs(score('stupid')));
  });

  it('does not negate laughter, emoticons or emoji', () => {
    expect(score('I have no idea lol')).toBeGreaterThan(0);
    expect(score("didn't get it yet :)")).toBeGreaterThan(score("didn't get it yet"));
  });

  it('reads idioms as a whole', () => {
    expect(label('that jacket is bad ass')).toBe('positive');
    expect(label('yeah right, fixed')).toBe('negative');
  });

  it('gives neutral text, empty text and whitespace a neutral label', () => {
    expect(scoreText('')).toEqual({ score: 0, label: 'neutral' });
    expect(scoreText('   \n\t ')).toEqual({ score: 0, label: 'neutral' });
    expect(label('My order number is 12345')).toBe('neutral');
  });

  it('handles very long text', () => {
    const long = 'The delivery was late and the box was damaged. '.repeat(220).slice(0, 10_000);
    expect(long.length).toBe(10_000);
    const result = scoreText(long);
    expect(result.label).toBe('negative');
    expect(result.score).toBeGreaterThanOrEqual(-1);
  });

  it('always returns a finite score in [-1, 1] and the label its thresholds give', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const result = scoreText(text);
        expect(Number.isFinite(result.score)).toBe(true);
        expect(result.score).toBeGreaterThanOrEqual(-1);
        expect(result.score).toBeLessThanOrEqual(1);
        expect(result.label).toBe(textLabelFor(result.score));
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic and scoreTexts matches scoreText in order', () => {
    const texts = ['great', 'awful', '', 'still waiting'];
    expect(scoreTexts(texts)).toEqual(texts.map((t) => scoreText(t)));
    expect(scoreTexts(texts)).toEqual(scoreTexts(texts));
  });
});

describe('label thresholds', () => {
  it('form a neutral band around zero', () => {
    expect(NEGATIVE_BELOW).toBeLessThanOrEqual(0);
    expect(POSITIVE_ABOVE).toBeGreaterThanOrEqual(0);
    expect(textLabelFor(0)).toBe('neutral');
    expect(textLabelFor(1)).toBe('positive');
    expect(textLabelFor(-1)).toBe('negative');
    expect(textLabelFor(POSITIVE_ABOVE)).toBe('neutral');
    expect(textLabelFor(POSITIVE_ABOVE + 1e-6)).toBe('positive');
    expect(textLabelFor(NEGATIVE_BELOW)).toBe('neutral');
    expect(textLabelFor(NEGATIVE_BELOW - 1e-6)).toBe('negative');
  });
});
