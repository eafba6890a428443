/** An answer of the API other than 2xx, as the person should read it: its problem+json, or what went wrong. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    /** Field errors of a 400 (`errors: [{ path, message }]`). */
    readonly fieldErrors: readonly { path: string; message: string }[] = [],
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

interface ProblemBody {
  title?: unknown;
  detail?: unknown;
  errors?: unknown;
}

/** The error of a failed answer, from its problem document when it is one. */
export async function errorOf(res: Response): Promise<ApiError> {
  let body: ProblemBody | undefined;
  try {
    body = (await res.json()) as ProblemBody;
  } catch {
    body = undefined;
  }
  const title = typeof body?.title === 'string' ? body.title : `HTTP ${res.status}`;
  const detail = typeof body?.detail === 'string' ? body.detail : res.statusText;
  const fieldErrors = Array.isArray(body?.errors)
    ? (body.errors as unknown[]).filter(
        (e): e is { path: string; message: string } =>
          typeof e === 'object' && e !== null && 'path' in e && 'message' in e,
      )
    : [];
  return new ApiError(res.status, title, detail, fieldErrors);
}

/** The API could not be reached at all (network down, server stopped). */
export function unreachable(cause: unknown): ApiError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(0, 'The API cannot be reached', `${reason}. Check that Tutti is running, then retry.`);
}
