import superjson from "superjson";
import { type SerializedEvent, type SerializedEvents, type ServerEvent, serializedEvents } from "@/shared/events";

// Weak: an event is forgotten with its last reference, once every socket that hears it has been written to.
const serializations = new WeakMap<object, SerializedEvent>();
const singleEventFrames = new WeakMap<ServerEvent, SerializedEvents>();

/** The event's serialization, made on first use: a message to a channel of a thousand is serialized once, not a thousand times. */
export function serializeEvent(event: object): SerializedEvent {
  let serialized = serializations.get(event);
  if (!serialized) serializations.set(event, (serialized = superjson.stringify(event) as SerializedEvent));
  return serialized;
}

/**
 * A stream frame's payload. A frame of one event (a socket that keeps up) is the same string for every socket, so
 * the encoder below escapes it once.
 */
export function serializeFrame(events: ServerEvent[]): SerializedEvents {
  if (events.length !== 1) return serializedEvents(events.map(serializeEvent));
  const event = events[0]!;
  let frame = singleEventFrames.get(event);
  if (!frame) singleEventFrames.set(event, (frame = serializedEvents([serializeEvent(event)])));
  return frame;
}

/** An event read from its serialization (off Redis), which every local listener can reuse as it is. */
export function deserializeEvent<E extends object = ServerEvent>(serialized: string): E {
  const event = superjson.parse<E>(serialized);
  serializations.set(event, serialized as SerializedEvent);
  return event;
}
