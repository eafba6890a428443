/**
 * Free-form JSON objects that clients (or journeys) choose — event `properties`, customer `traits`, the
 * outbox's `content` and `recipient`, decision `inputs`, journey step `detail` — stored so that any JSON value
 * can be written and read back exactly (storage/README.md, "Free-form objects").
 *
 * An object MongoDB-wire storage can hold as it is, is stored as it is: readable in the database, and the
 * same as every document written before this module existed. Anything else is stored as its JSON text (a
 * string), which any server holds. FerretDB v1 refuses nested arrays (`{"items":[["sku-1",2]]}`, an ordinary
 * cart), keys starting with `$` or containing `.`, and ±Infinity, and drops the connection on NaN; BSON
 * cannot encode a key with NUL, replaces lone surrogates with U+FFFD, and (on MongoDB) refuses documents
 * nested over 100 levels. An original is always an object or an array, never a string, so a string read back
 * is unambiguously JSON text.
 *
 * Every read path that answers one of these fields decodes it with decodeFreeForm.
 */

/**
 * Deepest nesting stored as it is (the object itself is level 1). The stored document adds a few levels of its
 * own (outbox → content → data), and MongoDB's limit is 100.
 */
export const MAX_STORED_DEPTH = 32;

/** What goes into the document: the value itself, or its JSON text. */
export type StoredFreeForm<T> = T | string;

/**
 * The value as it can be stored. Throws a RangeError or TypeError only for what JSON itself cannot write
 * (nesting deep enough to overflow the stack, a cycle): such a write can never succeed, and the write
 * failure classification (storage/writeFailure.ts) calls it permanent.
 */
export function encodeFreeForm<T>(value: T): StoredFreeForm<T> {
  if (value === undefined || value === null || typeof value !== 'object') return value;
  return storableAsIs(value) ? value : JSON.stringify(value);
}

/** The value as it was written, from what a document holds (JSON text, or the value itself). */
export function decodeFreeForm(stored: unknown): unknown {
  return typeof stored === 'string' ? JSON.parse(stored) : stored;
}

/**
 * Whether a JSON value can go into a document unchanged: walked without recursion, so a value nested far
 * beyond the limit costs a loop, not a stack overflow.
 */
export function storableAsIs(value: object): boolean {
  const stack: { node: unknown; depth: number; inArray: boolean }[] = [
    { node: value, depth: 1, inArray: false },
  ];
  while (stack.length > 0) {
    const { node, depth, inArray } = stack.pop() as (typeof stack)[number];
    if (typeof node === 'string') {
      if (!wellFormed(node)) return false;
      continue;
    }
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) return false;
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_STORED_DEPTH) return false;
    if (Array.isArray(node)) {
      if (inArray) return false; // an array directly inside an array
      for (const item of node as unknown[]) stack.push({ node: item, depth: depth + 1, inArray: true });
      continue;
    }
    for (const key of Object.keys(node)) {
      if (!storableKey(key)) return false;
      stack.push({ node: (node as Record<string, unknown>)[key], depth: depth + 1, inArray: false });
    }
  }
  return true;
}

function storableKey(key: string): boolean {
  return (
    !key.startsWith('$') &&
    !key.includes('.') &&
    !key.includes('\u0000') &&
    // An own "__proto__" key (JSON.parse makes one) would be written by the driver as it is, but read back
    // by code that assigns keys, it would set the prototype instead: not worth the doubt.
    key !== '__proto__' &&
    wellFormed(key)
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** BSON strings are UTF-8: a lone surrogate would come back as U+FFFD. JSON text escapes it instead. */
function wellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
