/**
 * The error statuses of the OpenAPI document, and which routes can answer each (api/app.ts, api/routes/,
 * api/httpLimits.ts). Some come from the stack in front of every route rather than from the route's own code,
 * so they are listed for every route they can reach:
 * - everywhere: 400 for a request that is not well-formed HTTP, 414 for a URL over 8 KiB, 431 for headers over
 *   16 KiB (answered by the server before any route), 500 (a bug: logged);
 * - /v1: the key is checked first (401), then its rate (429), then any body is read as JSON — on every method, so even a GET with
 *   a body can get 400 (not JSON), 413 (too large) or 415 (a charset other than UTF-8); and 503 with
 *   Retry-After when Temporal or MongoDB cannot be reached.
 */

type Status = 400 | 401 | 403 | 404 | 409 | 413 | 414 | 415 | 422 | 429 | 431 | 500 | 503;

const problemContent = {
  'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
};

const DEFAULTS: Record<Status, string> = {
  400: 'Invalid input: `errors` names each field and the rule it breaks. Also: a body that is not valid JSON.',
  401: 'No API key, or one that is not known (`WWW-Authenticate: Bearer`).',
  403: 'The key may not do this.',
  404: 'Not found.',
  409: 'A conflict: send it again.',
  413: 'The body is larger than the largest valid request: split it.',
  414: 'The URL is longer than 8 KiB.',
  415: 'A body the API does not read: JSON in UTF-8 only.',
  422: 'Understood, but it cannot be done as asked (`detail` says why).',
  429: 'Too many requests from this key: send again after `Retry-After` seconds (`RateLimit-*` say where the key stands).',
  431: 'The request line and headers are larger than 16 KiB.',
  500: 'A failure on our side (a bug): logged, never bad input.',
  503: 'A dependency (Temporal or MongoDB, named in `dependency`) cannot be reached: send the same request again after `Retry-After` seconds; ids make retries safe.',
};

const rateLimitHeaders = {
  'Retry-After': {
    description: 'Seconds to wait before sending again.',
    schema: { type: 'integer', minimum: 1 },
  },
  'RateLimit-Limit': {
    description: 'Requests per second this key may send to this API replica.',
    schema: { type: 'integer', minimum: 1 },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in this second.',
    schema: { type: 'integer', minimum: 0 },
  },
  'RateLimit-Reset': {
    description: 'Seconds until the limit resets.',
    schema: { type: 'integer', minimum: 0 },
  },
};

/** Every /v1 route, whatever it does. */
const V1: Status[] = [400, 401, 413, 414, 415, 429, 431, 500, 503];
/** The routes without a key (health, metrics, this document). */
const PUBLIC: Status[] = [400, 414, 431, 500];

/**
 * The error responses of one operation: those every route of its kind can give, plus the ones named in
 * `descriptions` (whose text also replaces the default one).
 */
export function errorResponses(
  descriptions: Partial<Record<Status, string>>,
  { public: isPublic = false }: { public?: boolean } = {},
): Record<string, unknown> {
  const statuses = new Set<Status>([
    ...(isPublic ? PUBLIC : V1),
    ...(Object.keys(descriptions).map(Number) as Status[]),
  ]);
  const responses: Record<string, unknown> = {};
  for (const status of [...statuses].sort((a, b) => a - b)) {
    responses[String(status)] = {
      description: descriptions[status] ?? DEFAULTS[status],
      ...(status === 401 ? { headers: { 'WWW-Authenticate': { schema: { type: 'string' } } } } : {}),
      ...(status === 429 ? { headers: rateLimitHeaders } : {}),
      ...(status === 503
        ? {
            headers: {
              'Retry-After': {
                description: 'Seconds to wait before sending the same request again.',
                schema: { type: 'integer', minimum: 0 },
              },
            },
          }
        : {}),
      content: problemContent,
    };
  }
  return responses;
}

export function ok(description: string, schema: unknown, example?: unknown): Record<string, unknown> {
  return {
    description,
    content: { 'application/json': { schema, ...(example !== undefined ? { example } : {}) } },
  };
}
