import { locateLiquidError } from './liquidErrors';
import { engineFor } from './liquidEngine';
import { MAX_PART_BYTES, MAX_SUBJECT_BYTES, TEMPLATE_PARTS } from './templateParts';
import type { TemplatePart, TemplateParts } from './templateParts';

/** Why a part cannot be stored: the part, the 1-based line when the problem is in its source, and what. */
export interface TemplateError {
  field: TemplatePart;
  line?: number;
  column?: number;
  message: string;
}

export type TemplateValidation = { ok: true } | { ok: false; errors: TemplateError[] };

/**
 * Whether the parts can be stored: at least one of `text` and `html`, each part within its size, and each
 * parses — Liquid syntax, known tags (no `include`/`render`/`layout`: there is nothing to include) and known
 * filters (an unknown filter is refused here, not discovered when a message is sent). Every part is checked,
 * so one answer names every broken part; within a part, liquidjs stops at the first error.
 */
export function validateTemplate(parts: TemplateParts): TemplateValidation {
  const errors: TemplateError[] = [];
  if (parts.text === undefined && parts.html === undefined) {
    errors.push({ field: 'text', message: 'a template needs text, html or both' });
  }
  for (const field of TEMPLATE_PARTS) {
    const source = parts[field];
    if (source === undefined) continue;
    const limit = field === 'subject' ? MAX_SUBJECT_BYTES : MAX_PART_BYTES;
    if (Buffer.byteLength(source, 'utf8') > limit) {
      errors.push({ field, message: `must be at most ${limit / 1024} KiB (UTF-8)` });
      continue;
    }
    try {
      engineFor(field).parse(source);
    } catch (error) {
      errors.push({ field, ...locateLiquidError(error) });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true };
}
