import superjson from "superjson";
import type { SerializedEvent, ServerEvent } from "@/shared/events";

// Weak: an event is forgotten with its last reference, once every socket that hears it has been written to.
const serializations = new WeakMap<ServerEvent, SerializedEvent>();

/** The event's serialization, made on first use: a message to a channel of a thousand is serialized once, not a thousand times. */
export function serializeEvent(event: ServerEvent): SerializedEvent {
  let serialized = serializations.get(event);
  if (!serialized) serializations.set(event, (serialized = superjson.stringify(event) as SerializedEvent));
  return serialized;
}

/** An event read from its serialization (off Redis), which every local listener can reuse as it is. */
export function deserializeEvent(serialized: string): ServerEvent {
  const event = superjson.parse<ServerEvent>(serialized);
  serializations.set(event, serialized as SerializedEvent);
  return event;
}
