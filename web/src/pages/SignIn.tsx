import { useState } from 'preact/hooks';
import { ApiError } from '../api/problem';
import type { Session } from '../session';
import { canRead, openSession } from '../session';

/** Sign in with an API key: checked with the API before it is kept, so a wrong key is told at once. */
export function SignIn({ onSignedIn, notice }: { onSignedIn: (session: Session) => void; notice?: string }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setError('Enter an API key: `npm run dev` prints a development key; `npm run keys` makes others.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const session = await openSession(trimmed);
      if (!canRead(session.role)) {
        setError(
          `This is an ${session.role} key: it can send events and contact requests but not read them. Sign in with a member or admin key.`,
        );
        return;
      }
      onSignedIn(session);
    } catch (e) {
      setError(e instanceof ApiError ? `${e.title}: ${e.detail}` : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="signin">
      <h1>Tutti</h1>
      <p>How customers feel, who is at risk, and every message Tutti sent or held back, with the reason.</p>
      {notice && (
        <p role="status" class="muted">
          {notice}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <label for="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          value={key}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'sign-in-error' : 'api-key-hint'}
          onInput={(e) => setKey(e.currentTarget.value)}
        />
        <p id="api-key-hint" class="muted">
          A member or admin key of your workspace. It is kept in this tab only and forgotten when the tab
          closes.
        </p>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        {error && (
          <p id="sign-in-error" role="alert" class="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
