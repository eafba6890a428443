/**
 * The roles of an API key (DESIGN.md, "Workspaces and keys"), from the least to the most it may do. Each role
 * may do everything the roles before it may: `ingest` sends events and contact requests (an email provider, a
 * shop's backend); `member` also reads and changes customers (a support desk, a dashboard); `admin` also
 * manages the policy, the keys and reads the audit trail.
 */
export const ROLES = ['ingest', 'member', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether a key of `role` may do what takes `needed`. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** The roles that may do what takes `needed`, for messages and the README: "member or admin". */
export function rolesAllowed(needed: Role): Role[] {
  return ROLES.filter((role) => roleAllows(role, needed));
}
