import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROLES, rolesAllowed, roleAllows } from '../../../domain/access/roles';
import { roleNeeded, ROUTE_ROLES } from '../../../api/routeRoles';
import { KEY_PATTERN, visiblePrefix } from '../../../storage/apiKeyStore';

it('orders the roles: each may do what the ones below it may', () => {
  expect(roleAllows('admin', 'ingest')).toBe(true);
  expect(roleAllows('member', 'admin')).toBe(false);
  expect(roleAllows('ingest', 'member')).toBe(false);
  expect(rolesAllowed('member')).toEqual(['member', 'admin']);
});

it('finds the role of a request as Express finds its route: any case, a trailing slash, HEAD as GET', () => {
  expect(roleNeeded('POST', '/v1/events')).toBe('ingest');
  expect(roleNeeded('POST', '/v1/customers/c-1/contact-requests')).toBe('ingest');
  expect(roleNeeded('GET', '/v1/customers/c-1/timeline')).toBe('member');
  expect(roleNeeded('HEAD', '/v1/customers/c-1')).toBe('member');
  expect(roleNeeded('PUT', '/V1/Policy/')).toBe('admin');
  expect(roleNeeded('GET', '/v1/policy')).toBe('member');
  expect(roleNeeded('DELETE', '/v1/api-keys/key_x')).toBe('admin');
});

it('closes a request that is no operation of the table to all but admin keys', () => {
  expect(roleNeeded('DELETE', '/v1/events')).toBe('admin');
  expect(roleNeeded('GET', '/v1/customers/a/b/c')).toBe('admin');
  expect(roleNeeded('POST', '/v1/customers//contact-requests')).toBe('admin');
});

it('shows a key by a prefix that tells it apart without giving it away', () => {
  const key = 'tutti_ingest_Ab12Cd' + 'x'.repeat(26);
  expect(KEY_PATTERN.test(key)).toBe(true);
  expect(visiblePrefix(key)).toBe('tutti_ingest_Ab12Cd');
  expect(visiblePrefix('tutti_dev_QWERTYuiop')).toBe('tutti_dev_QWERTY');
  // A key of the operator's own making shows at most a quarter of itself, and never more than 4 characters.
  expect(visiblePrefix('test-key-1234')).toBe('tes');
  expect(visiblePrefix('abc')).toBe('');
});

it("keeps the README's table of roles to the one the API enforces", () => {
  const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `((?:GET|PUT|POST|DELETE|PATCH) \/v1[^`]*)` *\|([^\n]*)\|$/gm)].map(
    ([, operation, cells]) => {
      const allowed = cells.split('|').map((cell) => cell.trim() === '✓');
      return [operation, ROLES[allowed.indexOf(true)]];
    },
  );
  expect(Object.fromEntries(rows)).toEqual(ROUTE_ROLES);
});
