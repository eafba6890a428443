import type { TopicScore } from '../../domain/topics/topicScore';
import { TokenKind, kindOf, normalizeTerm, scoreText, tokenize } from '../../sentiment/engine';
import {
  BARRIER,
  NEGATOR,
  isNegatorTerm,
  matchAt,
  stemTerm,
  type ClauseWord,
  type CompiledTaxonomy,
} from './topicRules';

export type { TopicScore };

export interface TopicMention {
  name: string;
  /** The clause that mentions the topic, as written in the text. */
  clause: string;
  /** Character offsets of the clause in the text. */
  start: number;
  end: number;
}

export interface Clause {
  start: number;
  end: number;
  words: ClauseWord[];
}

/** How far back a negator reaches: "not late", "no real delay", "never had any delays". */
export const NEGATION_REACH = 3;

// Contrast starts a new clause: "the flight was late but the crew were lovely" is two opinions.
const CLAUSE_WORDS = new Set(['but', 'however', 'although', 'though', 'whereas']);
// Commas, colons and dashes inside a sentence stop phrases and negation but do not end the clause.
const SENTENCE_END = /^[.…;]+$/;
// A negator followed by these is not negating what comes after: "nothing but delays", "not only late",
// "no doubt", "no wonder".
const UNNEGATING_NEXT = new Set(['but', 'only', 'just', 'doubt', 'wonder', 'matter']);

/** The text cut into clauses, each as the words the matcher compares (stems, NEGATOR, BARRIER). */
export function splitClauses(text: string): Clause[] {
  const tokens = tokenize(text);
  const clauses: Clause[] = [];
  let words: ClauseWord[] = [];
  const close = (): void => {
    // A clause runs from its first word to its last: commas at its edges are not part of it.
    const located = words.filter((w) => w.start >= 0 && w.key !== BARRIER);
    if (words.some((w) => w.key !== BARRIER)) {
      clauses.push({
        start: located.length > 0 ? located[0].start : 0,
        end: located.length > 0 ? located[located.length - 1].end : 0,
        words,
      });
    }
    words = [];
  };
  let cursor = 0;
  const terms = tokens.map((t) => (kindOf(t) === TokenKind.Term ? normalizeTerm(t) : ''));
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const found = text.indexOf(token, cursor);
    const start = found;
    const end = found < 0 ? -1 : found + token.length;
    if (found >= 0) cursor = end;
    const kind = kindOf(token);
    if (kind === TokenKind.Exclamation || kind === TokenKind.Question || SENTENCE_END.test(token)) {
      close();
      continue;
    }
    if (kind === TokenKind.Boundary) {
      words.push({ key: BARRIER, start, end });
      continue;
    }
    const term = terms[i];
    if (term === '') continue;
    if (CLAUSE_WORDS.has(term) && !(i > 0 && isNegatorTerm(terms[i - 1]))) {
      close();
      continue;
    }
    const negates = isNegatorTerm(term) && !UNNEGATING_NEXT.has(terms[i + 1] ?? '');
    words.push({ key: negates ? NEGATOR : stemTerm(term), start, end });
  }
  close();
  return clauses;
}

function negatedAt(words: readonly ClauseWord[], at: number): boolean {
  for (let i = at - 1; i >= 0 && i >= at - NEGATION_REACH; i--) {
    if (words[i].key === BARRIER) return false;
    if (words[i].key === NEGATOR) return true;
  }
  return false;
}

/** Topic indexes mentioned in one clause, in taxonomy order. */
function topicsInClause(words: readonly ClauseWord[], taxonomy: CompiledTaxonomy): number[] {
  const mentioned = new Set<number>();
  const vetoed = new Set<number>();
  for (let at = 0; at < words.length; at++) {
    const entries = taxonomy.byFirstWord.get(words[at].key);
    if (entries === undefined) continue;
    for (const { topic, phrase, veto } of entries) {
      if (veto ? vetoed.has(topic) : mentioned.has(topic)) continue;
      if (matchAt(words, at, phrase) < 0) continue;
      if (veto) {
        vetoed.add(topic);
      } else if (!taxonomy.topics[topic].negatable || phrase.words[0] === NEGATOR || !negatedAt(words, at)) {
        mentioned.add(topic);
      }
    }
  }
  return [...mentioned].filter((t) => !vetoed.has(t)).sort((a, b) => a - b);
}

/** Every clause that mentions a topic, once per topic and clause, in text order. Pure and synchronous. */
export function tagTopics(text: string, taxonomy: CompiledTaxonomy): TopicMention[] {
  const mentions: TopicMention[] = [];
  for (const clause of splitClauses(text)) {
    for (const topic of topicsInClause(clause.words, taxonomy)) {
      mentions.push({
        name: taxonomy.topics[topic].name,
        clause: text.slice(clause.start, clause.end),
        start: clause.start,
        end: clause.end,
      });
    }
  }
  return mentions;
}

/** The names of the topics a text mentions, each once, in order of first mention. */
export function topicNames(text: string, taxonomy: CompiledTaxonomy): string[] {
  return [...new Set(tagTopics(text, taxonomy).map((m) => m.name))];
}

/**
 * Each topic the text mentions, with the sentiment of the clause that mentions it (the mean over its
 * clauses when several do): "the food was great but the delay was awful" is good food and a bad delay.
 */
export function topicsWithSentiment(text: string, taxonomy: CompiledTaxonomy): TopicScore[] {
  const scores = new Map<string, number[]>();
  const clauseScores = new Map<string, number>();
  for (const mention of tagTopics(text, taxonomy)) {
    let score = clauseScores.get(mention.clause);
    if (score === undefined) {
      score = scoreText(mention.clause).score;
      clauseScores.set(mention.clause, score);
    }
    const list = scores.get(mention.name) ?? [];
    list.push(score);
    scores.set(mention.name, list);
  }
  return [...scores].map(([name, list]) => ({
    name,
    score: Math.round((list.reduce((a, b) => a + b, 0) / list.length) * 1e4) / 1e4 || 0,
  }));
}
