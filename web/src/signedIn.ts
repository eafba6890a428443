import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from './api/client';
import type { Session } from './session';

/** The signed-in key and the client that sends it: every page below the sign-in reads them from here. */
export const SignedInContext = createContext<{ api: ApiClient; session: Session } | null>(null);

export function useSignedIn(): { api: ApiClient; session: Session } {
  const value = useContext(SignedInContext);
  if (!value) throw new Error('A page was rendered outside the signed-in part of the dashboard.');
  return value;
}
