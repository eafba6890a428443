import type { ComponentChildren } from 'preact';
import { ApiError } from '../api/problem';
import type { Resource } from '../api/useResource';

/** What is being fetched, said to screen readers too (role=status). */
export function Loading({ what }: { what: string }) {
  return (
    <p role="status" class="muted">
      Loading {what}…
    </p>
  );
}

/** The API's own words for what went wrong, and a way to try again. */
export function ErrorMessage({ error, what, retry }: { error: Error; what: string; retry?: () => void }) {
  const api = error instanceof ApiError ? error : undefined;
  return (
    <div role="alert" class="error">
      <p>
        <strong>Could not load {what}.</strong>{' '}
        {api ? `${api.title}${api.detail ? `: ${api.detail}` : ''}` : error.message}
      </p>
      {api && api.fieldErrors.length > 0 && (
        <ul>
          {api.fieldErrors.map((e) => (
            <li key={e.path}>
              <code>{e.path}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** Loading, error or the content of a resource. */
export function Loaded<T>({
  resource,
  what,
  retry,
  children,
}: {
  resource: Resource<T>;
  what: string;
  retry?: () => void;
  children: (data: T) => ComponentChildren;
}) {
  if (resource.status === 'loading') return <Loading what={what} />;
  if (resource.status === 'error') return <ErrorMessage error={resource.error} what={what} retry={retry} />;
  return <>{children(resource.data)}</>;
}
