import { describe, expect, it } from 'vitest';
import {
  TokenKind,
  deElongations,
  kindOf,
  normalizeTerm,
  tokenize,
} from '../../../sentiment/engine/tokenizer';

describe('tokenize', () => {
  it('keeps contractions, emoticons, emoji and punctuation runs as tokens', () => {
    expect(tokenize("I don't like it :( 😡 !!!")).toEqual(['I', "don't", 'like', 'it', ':(', '😡', '!!!']);
  });

  it('does not mistake times and URLs for emoticons or clause breaks', () => {
    expect(tokenize('at 10:30 see http://example.com/a:b')).toEqual([
      'at',
      '10:30',
      'see',
      'http://example.com/a:b',
    ]);
  });

  it('keeps the less common emoticons whole', () => {
    expect(tokenize('oh :c and :S and :@ \\o/ >.<')).toEqual([
      'oh',
      ':c',
      'and',
      ':S',
      'and',
      ':@',
      '\\o/',
      '>.<',
    ]);
    expect(tokenize('a:c time:Some')).toEqual(['a', ':', 'c', 'time', ':', 'Some']);
  });

  it('returns nothing for empty text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('   ')).toEqual([]);
  });
});

describe('kindOf / normalizeTerm', () => {
  it('tells punctuation from terms', () => {
    expect(kindOf('!!')).toBe(TokenKind.Exclamation);
    expect(kindOf('?')).toBe(TokenKind.Question);
    expect(kindOf('...')).toBe(TokenKind.Boundary);
    expect(kindOf(':(')).toBe(TokenKind.Term);
    expect(kindOf('word')).toBe(TokenKind.Term);
  });

  it('folds negative contractions but cuts other clitics', () => {
    expect(normalizeTerm("Don't")).toBe('dont');
    expect(normalizeTerm('doesn’t')).toBe('doesnt');
    expect(normalizeTerm("I'll")).toBe('i');
    expect(normalizeTerm("we're")).toBe('we');
  });

  it('offers de-elongated spellings only for elongated words', () => {
    expect(deElongations('good')).toEqual([]);
    expect(deElongations('gooood')).toEqual(['good', 'god']);
  });
});
