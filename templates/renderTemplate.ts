import { isLimitExceeded, locateLiquidError, missingVariableOf } from './liquidErrors';
import { engineFor, RENDER_LIMITS } from './liquidEngine';
import type { TemplateContext } from './renderContext';
import { TEMPLATE_PARTS } from './templateParts';
import type { TemplatePart, TemplateParts } from './templateParts';

export type RenderedParts = Partial<Record<TemplatePart, string>>;

/**
 * Why a message could not be rendered (the reason its suppression will carry):
 * - `template_missing_variable`: a variable the template prints has no value and no `default`;
 * - `template_limit_exceeded`: the render took too long, rendered too much or allocated too much;
 * - `template_render_failed`: anything else liquidjs refused while rendering (a filter given a bad value).
 */
export type RenderFailureReason =
  'template_missing_variable' | 'template_limit_exceeded' | 'template_render_failed';

export type RenderResult =
  | { ok: true; rendered: RenderedParts }
  | {
      ok: false;
      reason: RenderFailureReason;
      part: TemplatePart;
      /** For `template_missing_variable`: the path as written (`customer.traits.first_name`). */
      variable?: string;
      line?: number;
      message: string;
    };

/**
 * Renders every part for sending. All or nothing: the first part that fails makes the result a failure and
 * nothing rendered is returned, so no half-rendered message can go out.
 *
 * The send-time rule (docs/TEMPLATES.md): a missing variable fails the render, unless the template gave it a
 * fallback with `default` (`{{ customer.traits.first_name | default: "there" }}`) or only tests it (`{% if %}`,
 * `{% unless %}`), where missing is false. So a message never goes out with a hole where a name should be.
 */
export async function renderTemplate(
  template: TemplateParts,
  context: TemplateContext,
): Promise<RenderResult> {
  const rendered: RenderedParts = {};
  for (const part of TEMPLATE_PARTS) {
    const source = template[part];
    if (source === undefined) continue;
    try {
      const engine = engineFor(part);
      rendered[part] = (await engine.render(engine.parse(source), context, RENDER_LIMITS)) as string;
    } catch (error) {
      const variable = missingVariableOf(error);
      const { line, message } = locateLiquidError(error);
      return {
        ok: false,
        reason: variable
          ? 'template_missing_variable'
          : isLimitExceeded(error)
            ? 'template_limit_exceeded'
            : 'template_render_failed',
        part,
        ...(variable ? { variable } : {}),
        ...(line !== undefined ? { line } : {}),
        message: `${part}: ${message}${line !== undefined ? ` (line ${line})` : ''}`,
      };
    }
  }
  return { ok: true, rendered };
}
