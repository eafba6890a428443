import type { Response } from 'express';

/** A field-level validation message, as `errors[]` in a problem document. */
export interface FieldError {
  path: string;
  message: string;
  /** Where in a template part (`PUT /v1/templates/{name}`): 1-based line and column. */
  line?: number;
  column?: number;
}

/** An HTTP error answered as application/problem+json (RFC 9457). Throw it from any route. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: { type?: string; errors?: FieldError[]; [member: string]: unknown } = {},
  ) {
    super(detail);
  }
}

export const PROBLEM_TYPES = {
  validation: 'urn:tutti:problem:validation',
  unauthorized: 'urn:tutti:problem:unauthorized',
  forbidden: 'urn:tutti:problem:forbidden',
  conflict: 'urn:tutti:problem:conflict',
  lastAdminKey: 'urn:tutti:problem:last-admin-key',
  rateLimited: 'urn:tutti:problem:rate-limited',
  notFound: 'urn:tutti:problem:not-found',
  methodNotAllowed: 'urn:tutti:problem:method-not-allowed',
  malformedJson: 'urn:tutti:problem:malformed-json',
  tooLarge: 'urn:tutti:problem:payload-too-large',
  uriTooLong: 'urn:tutti:problem:uri-too-long',
  headersTooLarge: 'urn:tutti:problem:headers-too-large',
  malformedRequest: 'urn:tutti:problem:malformed-request',
  unsupportedMediaType: 'urn:tutti:problem:unsupported-media-type',
  unavailable: 'urn:tutti:problem:unavailable',
  templateRender: 'urn:tutti:problem:template-render',
  internal: 'urn:tutti:problem:internal',
} as const;

export function validationProblem(detail: string, errors: FieldError[], extra: Record<string, unknown> = {}) {
  return new HttpProblem(400, 'Invalid request', detail, {
    type: PROBLEM_TYPES.validation,
    errors,
    ...extra,
  });
}

export function sendProblem(res: Response, problem: HttpProblem, instance?: string): void {
  const { type, ...extra } = problem.extra;
  const requestId = res.locals.requestId as string | undefined;
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: type ?? 'about:blank',
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      ...(instance ? { instance } : {}),
      ...(requestId ? { requestId } : {}),
      ...extra,
    });
}
