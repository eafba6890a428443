import { Liquid } from 'liquidjs';
import type { RenderOptions } from 'liquidjs';
import type { TemplatePart } from './templateParts';

/**
 * Render limits: what one part may cost, so a hostile or careless template (a loop over a million-element
 * range, a string doubled in a loop) is stopped with an error instead of holding the worker or the API.
 * liquidjs checks them as it renders (its "DoS handling" options).
 */
export const RENDER_LIMITS = {
  /** Milliseconds of rendering per part. */
  renderLimit: 1_000,
  /** Tags, outputs and text segments rendered per part: a loop body counts once per iteration. */
  templateLimit: 100_000,
  /** Allocation units (string and array lengths liquidjs creates: ranges, append, join, …) per part. */
  memoryLimit: 10_000_000,
} as const satisfies RenderOptions;

/** Characters one parse may read: more than the largest part the store accepts. */
const PARSE_LIMIT = 1_000_000;

/** Tags that load other templates by name; there are none to load (no file system), so they do not exist. */
const FILE_TAGS = ['include', 'render', 'layout'] as const;

/**
 * One engine per escaping rule, both configured the same otherwise:
 * - `strictFilters`: an unknown filter is a parse error (so it is refused when the template is saved);
 * - `strictVariables` with `lenientIf`: a missing variable is an error, except tested in `if`/`unless` or
 *   given a `default` (the send-time rule, docs/TEMPLATES.md);
 * - `ownPropertyOnly`: `customer.constructor` and the like are missing, not JavaScript internals;
 * - `templates: {}` and no `include`/`render`/`layout` tags: nothing is ever read from disk;
 * - the html engine escapes every output (`outputEscape: 'escape'`); `| raw` opts out. Text and subject are
 *   not HTML, so they are not escaped.
 */
function createEngine(outputEscape: 'escape' | undefined): Liquid {
  const engine = new Liquid({
    strictFilters: true,
    strictVariables: true,
    lenientIf: true,
    ownPropertyOnly: true,
    templates: {},
    relativeReference: false,
    dynamicPartials: false,
    parseLimit: PARSE_LIMIT,
    // UTC unless a template says otherwise with the date filter's own argument.
    timezoneOffset: 0,
    ...(outputEscape ? { outputEscape } : {}),
  });
  for (const tag of FILE_TAGS) {
    // The tag registry is a plain record (Liquid#tags); without the entry the parser refuses the tag.
    delete (engine.tags as Record<string, unknown>)[tag];
  }
  return engine;
}

const htmlEngine = createEngine('escape');
const plainEngine = createEngine(undefined);

/** The engine for a part: html output is escaped, subject and text are not. */
export function engineFor(part: TemplatePart): Liquid {
  return part === 'html' ? htmlEngine : plainEngine;
}
