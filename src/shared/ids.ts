/** Ids are random UUIDs: unguessable, so an id in a link reveals nothing and cannot be enumerated. */
export function newId(): string {
  return crypto.randomUUID();
}
