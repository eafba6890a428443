import { LiquidError, UndefinedVariableError } from 'liquidjs';

/** A liquidjs error, said plainly: where it is (1-based; absent if liquidjs did not say) and what. */
export interface LocatedError {
  line?: number;
  column?: number;
  message: string;
}

/** liquidjs appends ", line:3, col:1" to its messages; the position is reported in fields instead. */
const POSITION_SUFFIX = /, line:\d+, col:\d+$/;

export function locateLiquidError(error: unknown): LocatedError {
  if (!LiquidError.is(error)) return { message: error instanceof Error ? error.message : String(error) };
  const [line, column] = error.token.getPosition();
  return { line, column, message: error.message.replace(POSITION_SUFFIX, '') };
}

/**
 * The variable a strict render stopped at (`customer.traits.first_name`), or undefined when the error is
 * something else. liquidjs names it in the original error's `variableName`: the whole path as written, with
 * indexes as segments (`data.items.0.name`).
 */
export function missingVariableOf(error: unknown): string | undefined {
  if (!(error instanceof UndefinedVariableError)) return undefined;
  const variableName = (error.originalError as { variableName?: unknown } | undefined)?.variableName;
  return typeof variableName === 'string' ? variableName : undefined;
}

/** Whether a render was stopped by one of the limits (templates/liquidEngine.ts, RENDER_LIMITS). */
export function isLimitExceeded(error: unknown): boolean {
  return error instanceof Error && / limit exceeded/.test(error.message);
}
