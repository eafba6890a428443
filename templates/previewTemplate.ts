import { isLimitExceeded, locateLiquidError, missingVariableOf } from './liquidErrors';
import { engineFor, RENDER_LIMITS } from './liquidEngine';
import { standInForMissing } from './missingValue';
import type { TemplateContext } from './renderContext';
import type { RenderedParts } from './renderTemplate';
import { TEMPLATE_PARTS } from './templateParts';
import type { TemplatePart, TemplateParts } from './templateParts';

/** Missing variables listed per part at most: past that the template is plainly meant for other data. */
export const MAX_MISSING_PER_PART = 50;

export type PreviewResult =
  | { ok: true; rendered: RenderedParts; missing: string[] }
  | {
      ok: false;
      reason: 'template_limit_exceeded' | 'template_render_failed';
      part: TemplatePart;
      line?: number;
      message: string;
    };

/**
 * Renders the parts as a preview: what this customer would get, and every variable that would stop the
 * message at send time (`missing`, in order of appearance, each once).
 *
 * How every missing variable is found, not only the first: the part is rendered with the send-time rules
 * (strict variables, lenient `if`, `default` allowed); liquidjs stops at a missing variable and names it
 * (UndefinedVariableError's `variableName`); the preview records it, puts a MissingValue in its place in a
 * copy of the context, and renders again, until the render goes through. So `missing` is exactly what the
 * send-time render would fail on, one at a time, using liquidjs's own notion of "missing" rather than a
 * second reading of the template; the output is the render that went through, missing values printed as
 * nothing. A missing path that cannot be stood in for (a property of a `for` item or of a string) is listed
 * too, and the rest of that part is rendered leniently (missing = empty), so later ones in that part may go
 * unlisted. Each round is bounded by the render limits, and the rounds by MAX_MISSING_PER_PART.
 */
export async function previewTemplate(
  template: TemplateParts,
  context: TemplateContext,
): Promise<PreviewResult> {
  const rendered: RenderedParts = {};
  const missing: string[] = [];
  for (const part of TEMPLATE_PARTS) {
    const source = template[part];
    if (source === undefined) continue;
    const engine = engineFor(part);
    const scope = copyContext(context);
    let lenient = false;
    for (let round = 0; ; round++) {
      try {
        const parsed = engine.parse(source);
        rendered[part] = (await engine.render(parsed, scope, {
          ...RENDER_LIMITS,
          ...(lenient ? { strictVariables: false } : {}),
        })) as string;
        break;
      } catch (error) {
        const variable = missingVariableOf(error);
        if (variable === undefined) {
          const { line, message } = locateLiquidError(error);
          return {
            ok: false,
            reason: isLimitExceeded(error) ? 'template_limit_exceeded' : 'template_render_failed',
            part,
            ...(line !== undefined ? { line } : {}),
            message: `${part}: ${message}${line !== undefined ? ` (line ${line})` : ''}`,
          };
        }
        if (!missing.includes(variable)) missing.push(variable);
        if (round + 1 >= MAX_MISSING_PER_PART || !standInForMissing(scope, variable)) lenient = true;
      }
    }
  }
  return { ok: true, rendered, missing };
}

/** A copy the preview may write MissingValues into: the caller's context stays as it was. */
function copyContext(context: TemplateContext): Record<string, unknown> {
  return structuredClone(context) as unknown as Record<string, unknown>;
}
