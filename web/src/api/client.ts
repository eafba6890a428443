import { errorOf, unreachable } from './problem';

/**
 * Calls the API with the signed-in key in the Authorization header (never in a URL, where it would reach logs,
 * history and Referer headers). A 401 signs the page out: the key was revoked or expired meanwhile.
 */
export class ApiClient {
  constructor(
    private readonly key: string,
    private readonly onUnauthorized: (detail: string) => void = () => undefined,
  ) {}

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.send<T>('GET', path, undefined, signal);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('PUT', path, body);
  }

  private async send<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        signal,
        headers: {
          authorization: `Bearer ${this.key}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw unreachable(error);
    }
    if (!res.ok) {
      const error = await errorOf(res);
      if (res.status === 401) this.onUnauthorized(error.detail);
      throw error;
    }
    return (await res.json()) as T;
  }
}

/** A query string from the set values. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
