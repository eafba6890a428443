/**
 * What changed between two policy documents, as a person reviewing a new version wants to read it: one entry
 * per setting that changed, was added or was removed. Pure (no DOM, no API): the Policy page's "What changed".
 *
 * - Objects are compared key by key; a key only one side has is one `added`/`removed` entry with its whole value.
 * - Lists of named items (caps, topics, teams: objects with a `name`, each name once) are compared by name, so
 *   taking out the first cap reads as that cap removed, not as every cap after it changed. Their order is not
 *   compared (nothing in the policy depends on it).
 * - Lists of words (categories, channels, a topic's phrases) read as the items added and removed; a list whose
 *   items stayed the same but moved (`channels.fallbackOrder`) is one `changed` entry with both orders.
 * - Any other list is compared position by position.
 * - `version` is not compared: it differs between any two versions.
 */

/** A key of an object, a position in a list, or a named item of a list of named items. */
export type PathSegment = string | number | { name: string };

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface PolicyChange {
  path: readonly PathSegment[];
  kind: ChangeKind;
  /** Absent for `added`; for a word added to or removed from a list, the word is `after` or `before`. */
  before?: unknown;
  after?: unknown;
}

export function diffPolicies(before: unknown, after: unknown): PolicyChange[] {
  const changes: PolicyChange[] = [];
  compare(withoutVersion(before), withoutVersion(after), [], changes);
  return changes;
}

function withoutVersion(doc: unknown): unknown {
  if (!isRecord(doc)) return doc;
  const { version: _version, ...rest } = doc;
  return rest;
}

function compare(a: unknown, b: unknown, path: PathSegment[], out: PolicyChange[]): void {
  if (sameValue(a, b)) return;
  if (isRecord(a) && isRecord(b)) {
    for (const key of Object.keys(a)) {
      if (!Object.hasOwn(b, key)) out.push({ path: [...path, key], kind: 'removed', before: a[key] });
      else compare(a[key], b[key], [...path, key], out);
    }
    for (const key of Object.keys(b)) {
      if (!Object.hasOwn(a, key)) out.push({ path: [...path, key], kind: 'added', after: b[key] });
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isNamedList(a) && isNamedList(b)) return compareNamed(a, b, path, out);
    if (isWordList(a) && isWordList(b)) return compareWords(a, b, path, out);
    const shared = Math.min(a.length, b.length);
    for (let i = 0; i < shared; i++) compare(a[i], b[i], [...path, i], out);
    for (let i = shared; i < a.length; i++) out.push({ path: [...path, i], kind: 'removed', before: a[i] });
    for (let i = shared; i < b.length; i++) out.push({ path: [...path, i], kind: 'added', after: b[i] });
    return;
  }
  out.push({ path, kind: 'changed', before: a, after: b });
}

function compareNamed(
  a: readonly NamedItem[],
  b: readonly NamedItem[],
  path: PathSegment[],
  out: PolicyChange[],
): void {
  const afterByName = new Map(b.map((item) => [item.name, item]));
  const beforeNames = new Set(a.map((item) => item.name));
  for (const item of a) {
    const other = afterByName.get(item.name);
    if (other === undefined)
      out.push({ path: [...path, { name: item.name }], kind: 'removed', before: item });
    else compare(item, other, [...path, { name: item.name }], out);
  }
  for (const item of b) {
    if (!beforeNames.has(item.name))
      out.push({ path: [...path, { name: item.name }], kind: 'added', after: item });
  }
}

function compareWords(
  a: readonly Word[],
  b: readonly Word[],
  path: PathSegment[],
  out: PolicyChange[],
): void {
  const removed = a.filter((word) => !b.includes(word));
  const added = b.filter((word) => !a.includes(word));
  for (const word of removed) out.push({ path, kind: 'removed', before: word });
  for (const word of added) out.push({ path, kind: 'added', after: word });
  // The words both keep, in each order: a move is a change of its own (a fallback order, say).
  const keptBefore = a.filter((word) => b.includes(word));
  const keptAfter = b.filter((word) => a.includes(word));
  if (!sameValue(keptBefore, keptAfter)) out.push({ path, kind: 'changed', before: a, after: b });
}

type Word = string | number | boolean;
interface NamedItem {
  name: string;
  [key: string]: unknown;
}

function isNamedList(list: readonly unknown[]): list is NamedItem[] {
  const names = list.map((item) => (isRecord(item) && typeof item.name === 'string' ? item.name : undefined));
  return names.every((name) => name !== undefined) && new Set(names).size === names.length;
}

function isWordList(list: readonly unknown[]): list is Word[] {
  return (
    list.every((item) => ['string', 'number', 'boolean'].includes(typeof item)) &&
    new Set(list).size === list.length
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values (key order does not matter). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]))
    );
  }
  return false;
}

/** The document's sections, as the page heads them. */
const SECTIONS: Record<string, string> = {
  caps: 'Frequency caps',
  quietHours: 'Quiet hours',
  exclusions: 'Exclusions',
  sentiment: 'Sentiment',
  journeys: 'Journeys',
  goals: 'Goals',
  holdout: 'Holdout',
  topics: 'Topics',
  alerts: 'Alerts',
  teams: 'Teams',
  channels: 'Channels',
  sendTime: 'Send time',
};

/** Words for the policy's own keys; any other key (a journey, a goal, a setting a team chose) reads as it is. */
const WORDS: Record<string, string> = {
  journeys: 'journeys',
  limit: 'limit',
  window: 'window',
  categories: 'categories',
  start: 'start',
  end: 'end',
  defaultTimeZone: 'default time zone',
  openCase: 'open case',
  disruptionWindow: 'disruption window',
  negativeSentimentWindow: 'negative sentiment window',
  negativeBelow: 'negative below',
  positiveAbove: 'positive above',
  enabled: 'enabled',
  globalPercent: 'global control %',
  salt: 'salt',
  exemptCategories: 'exempt categories',
  every: 'evaluated every',
  nssDrop: 'NSS drop',
  topicSpike: 'topic spike',
  baseline: 'baseline',
  sigma: 'sigma',
  minMentions: 'minimum mentions',
  fallbackOrder: 'fallback order',
  explorePercent: 'explore %',
  priorStrength: 'prior strength',
  any: 'any of',
  none: 'none of',
  within: 'within',
  event: 'event',
  where: 'where',
  webhook: 'webhook',
};

/** The path in words: `Frequency caps › "marketing-24h" › limit`. */
export function pathInWords(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'The whole document';
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `item ${segment + 1}`;
      if (typeof segment === 'object') return `“${segment.name}”`;
      // Under holdout.journeys, goals and journeys the keys are names a team chose.
      const parent = path[index - 1];
      const named = parent === 'journeys' || parent === 'goals';
      if (named) return `“${segment}”`;
      return (index === 0 ? SECTIONS[segment] : WORDS[segment]) ?? segment;
    })
    .join(' › ');
}

/** A value as one line: words as they are, lists joined, objects as compact JSON, nothing as "—". */
export function valueInWords(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value) && isWordList(value)) return value.length === 0 ? '(none)' : value.join(', ');
  return JSON.stringify(value);
}

/** One change as a sentence: `Frequency caps › “sms-24h” › limit: 1 → 2`. */
export function changeInWords(change: PolicyChange): string {
  const where = pathInWords(change.path);
  switch (change.kind) {
    case 'added':
      return `${where}: added ${valueInWords(change.after)}`;
    case 'removed':
      return `${where}: removed ${valueInWords(change.before)}`;
    case 'changed':
      return `${where}: ${valueInWords(change.before)} → ${valueInWords(change.after)}`;
  }
}
