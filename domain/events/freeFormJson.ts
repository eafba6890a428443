import { z } from 'zod';
import { hasLoneSurrogate, LONE_SURROGATE_MESSAGE, toWellFormed } from './wellFormedText';

/**
 * How deep a free-form object (event `properties`, identify `traits`, contact `content.data`) may nest, the
 * object itself being level 1. JSON.parse copes with any depth, but what comes after does not: JSON.stringify
 * overflows the stack near 5,000 levels, BSON (MongoDB) refuses documents nested more than 100 levels, and the
 * read model stores properties a few levels down its own documents. 32 is far beyond any real payload (an
 * order with line items and their options is 4–5 levels) and leaves the storage side room to spare.
 */
export const MAX_FREE_FORM_DEPTH = 32;

/** At most this many problems are listed for one object: a hostile payload must not make a huge answer. */
const MAX_PROBLEMS = 20;

export interface FreeFormProblem {
  /** Relative to the object checked, e.g. `['items', 0, 'price']`. */
  path: (string | number)[];
  message: string;
  /** The walk stopped at FreeFormLimits.maxValues: the object is too big, whatever else is wrong with it. */
  tooLarge?: true;
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/** A key as it appears in an error path: whole unless absurdly long. */
const shown = (key: string): string => (key.length > 64 ? `${key.slice(0, 64)}…` : key);

function keyProblem(key: string): string | undefined {
  // JSON.parse makes "__proto__" an own key, but zod's copy of an object drops it and a plain assignment
  // (`copy[key] = value`) sets the copy's prototype instead: the value would silently be lost.
  if (key === '__proto__') {
    return 'is not allowed as a key: "__proto__" is the prototype link of a JavaScript object, so its value would be lost';
  }
  if (key.includes('\u0000'))
    return 'key must not contain the NUL character (U+0000): MongoDB cannot store it';
  if (hasLoneSurrogate(key)) return `key ${LONE_SURROGATE_MESSAGE}`;
  return undefined;
}

export interface FreeFormLimits {
  maxDepth?: number;
  /**
   * How many values (members and items, at any depth) to look at before giving up: every value takes at least
   * two bytes of JSON (`1,`), so an object of a 16 KiB limit holds at most 8,192 — a bigger one is refused by
   * its size without walking a million keys a client may have sent.
   */
  maxValues?: number;
}

/**
 * Checks a client's free-form JSON object so that whatever is accepted can be signalled, stored and read back
 * unchanged: at most MAX_FREE_FORM_DEPTH levels, finite numbers only (JSON's `1e400` reads as Infinity, which
 * no encoder keeps), and keys that are not `__proto__`, contain no NUL and are well-formed Unicode. Nested
 * arrays and keys with `$` or `.` are fine (the storage layer encodes them).
 *
 * Lone surrogates in string values are free text, not identity: they are replaced with U+FFFD in place (the
 * value is the request's own parsed body), exactly as any UTF-8 encoder downstream would, so what is stored,
 * signalled and answered is the same string everywhere.
 *
 * Iterative, not recursive: a body nested 100,000 levels deep is answered with a problem, not a stack overflow.
 */
export function checkFreeForm(
  value: unknown,
  { maxDepth = MAX_FREE_FORM_DEPTH, maxValues = Infinity }: FreeFormLimits = {},
): FreeFormProblem[] {
  if (!isContainer(value)) return [];
  const problems: FreeFormProblem[] = [];
  const stack: { container: Container; path: (string | number)[]; depth: number }[] = [
    { container: value, path: [], depth: 1 },
  ];
  let values = 0;
  while (stack.length > 0 && problems.length < MAX_PROBLEMS) {
    const { container, path, depth } = stack.pop() as (typeof stack)[number];
    const keys: (string | number)[] = Array.isArray(container)
      ? container.map((_, index) => index)
      : Object.keys(container);
    values += keys.length;
    if (values > maxValues)
      return [{ path: [], message: `holds more than ${maxValues} values`, tooLarge: true }];
    for (const key of keys) {
      const problem = problemAt(container, key, depth, maxDepth);
      if (problem === undefined) continue;
      // Paths are built only for what is reported or walked: a flat object must not cost an array per key.
      const at = [...path, typeof key === 'string' ? shown(key) : key];
      if (problem === 'walk') {
        const child = (container as Record<string | number, unknown>)[key] as Container;
        stack.push({ container: child, path: at, depth: depth + 1 });
      } else problems.push({ path: at, message: problem });
      if (problems.length >= MAX_PROBLEMS) break;
    }
  }
  return problems;
}

/**
 * What is wrong with one member or item, if anything; `walk` for a container to look into. Repairs a string
 * value with a lone surrogate on the way.
 */
function problemAt(
  container: Container,
  key: string | number,
  depth: number,
  maxDepth: number,
): string | undefined {
  if (typeof key === 'string') {
    const wrongKey = keyProblem(key);
    if (wrongKey) return wrongKey;
  }
  const child: unknown = (container as Record<string | number, unknown>)[key];
  if (typeof child === 'number') {
    return Number.isFinite(child)
      ? undefined
      : 'must be a finite number (a JSON number as large as 1e400 reads as Infinity)';
  }
  if (typeof child === 'string') {
    const repaired = toWellFormed(child);
    if (repaired !== child) (container as Record<string | number, unknown>)[key] = repaired;
    return undefined;
  }
  if (!isContainer(child)) return undefined;
  return depth + 1 > maxDepth ? `nests deeper than ${maxDepth} levels` : 'walk';
}

const jsonBytes = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value)).length;

/**
 * A free-form object field of a request: checked by checkFreeForm on the raw input (zod's own copy would
 * already have dropped a `__proto__` key), then sized — only then, since JSON.stringify of a deep value throws.
 */
export function freeFormObject(field: string, maxBytes: number) {
  const tooBig = `${field} must be at most ${maxBytes / 1024} KiB as JSON`;
  return z.preprocess(
    (value, ctx) => {
      for (const problem of checkFreeForm(value, { maxValues: maxBytes / 2 })) {
        ctx.addIssue({
          code: 'custom',
          path: problem.path,
          message: problem.tooLarge ? tooBig : problem.message,
        });
      }
      return value;
    },
    z
      .record(z.string(), z.unknown(), { error: `${field} must be an object` })
      .refine((object) => jsonBytes(object) <= maxBytes, tooBig),
  );
}
