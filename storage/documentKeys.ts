/**
 * Natural `_id`s for read-model documents. Every hot-path read and write filters on `_id` alone: MongoDB
 * serves that from its primary index, and FerretDB (the embedded server) pushes only a lone `_id` equality
 * down to SQLite — any other filter reads the whole collection. Workspace names never contain ":", so the
 * key is unambiguous.
 */
export function eventKey(workspace: string, eventId: string): string {
  return `${workspace}:${eventId}`;
}

export function customerKey(workspace: string, customerId: string): string {
  return `${workspace}:${customerId}`;
}
