/** Where each page lives under /app/ (the API answers every /app/* path with the page). */
export const BASE = '/app';

export const paths = {
  overview: `${BASE}/`,
  customers: `${BASE}/customers`,
  journeys: `${BASE}/journeys`,
  decisions: `${BASE}/decisions`,
  policy: `${BASE}/policy`,
} as const;

export function customerPath(customerId: string): string {
  return `${BASE}/customers/${encodeURIComponent(customerId)}`;
}
