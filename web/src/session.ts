import { errorOf, unreachable } from './api/problem';

/**
 * Kept in sessionStorage: gone when the tab closes, never shared with other tabs or sent anywhere but the
 * Authorization header. localStorage would keep an admin key on the machine indefinitely.
 */
const STORAGE_KEY = 'tutti.apiKey';

export type Role = 'admin' | 'member' | 'ingest';

/** `GET /app/session`: who the key is and where the Temporal UI is. */
export interface SessionInfo {
  workspace: string;
  role: Role;
  keyName: string;
  namespace: string;
  temporalUiUrl: string | null;
  customerWorkflowIdPrefix: string;
  /** Journeys registered in code; the policy in force may name more. */
  journeys: string[];
}

export interface Session extends SessionInfo {
  key: string;
}

export function storedKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** Asks the API who the key is; throws the API's error (unknown, revoked, expired key) as it said it. */
export async function openSession(key: string): Promise<Session> {
  let res: Response;
  try {
    res = await fetch('/app/session', {
      headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
      cache: 'no-store',
    });
  } catch (error) {
    throw unreachable(error);
  }
  if (!res.ok) throw await errorOf(res);
  return { key, ...((await res.json()) as SessionInfo) };
}

/** Whether the key may read: ingest keys only send events and contact requests. */
export function canRead(role: Role): boolean {
  return role === 'admin' || role === 'member';
}
