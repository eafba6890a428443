import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from './client';

export type Resource<T> =
  { status: 'loading' } | { status: 'error'; error: Error } | { status: 'ready'; data: T };

/**
 * A GET that follows its path: a new path cancels the answer still coming for the old one, so a slow answer
 * never overwrites a newer one. `reload` asks again (after an action, or a retry after an error).
 */
export function useResource<T>(api: ApiClient, path: string | null): [Resource<T>, () => void] {
  const [state, setState] = useState<Resource<T>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (path === null) return undefined;
    const controller = new AbortController();
    setState((previous) => (previous.status === 'ready' && round > 0 ? previous : { status: 'loading' }));
    api.get<T>(path, controller.signal).then(
      (data) => setState({ status: 'ready', data }),
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
        }
      },
    );
    return () => controller.abort();
  }, [api, path, round]);
  return [state, () => setRound((r) => r + 1)];
}
