import { Drop } from 'liquidjs';

/**
 * Stands in for a variable a preview found missing, so the render can go on and find the next one: it prints
 * as nothing, is false in `if`, iterates as empty, and absorbs any property read from it (so
 * `customer.traits.address.city` is reported once, as the path that was missing).
 */
export class MissingValue extends Drop {
  override valueOf(): null {
    return null;
  }
  override liquidMethodMissing(): MissingValue {
    return this;
  }
}

/**
 * Puts a MissingValue where the dotted `path` (as liquidjs names a missing variable) first has no value, in
 * place, and answers whether it could. It cannot when the path goes through a value that is not an object
 * (a property of a string) or through a variable the template itself made (a `for` loop's item, an
 * `assign`): those live in liquidjs's own scopes, not in the context.
 */
export function standInForMissing(root: Record<string, unknown>, path: string): boolean {
  let node: unknown = root;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object' || node instanceof MissingValue) return false;
    const record = node as Record<string, unknown>;
    if (!Object.hasOwn(record, segment) || record[segment] === undefined || record[segment] === null) {
      record[segment] = new MissingValue();
      return true;
    }
    node = record[segment];
  }
  return false;
}
