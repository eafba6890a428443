/**
 * A workspace name: letters, digits, `.`, `_` and `-`, at most 64. Never `:`, which separates the workspace
 * from the rest of every natural `_id` (storage/documentKeys.ts).
 */
export const WORKSPACE_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export function isWorkspaceName(value: string): boolean {
  return WORKSPACE_PATTERN.test(value);
}
