import { type Encoder, jsonEncoder } from "@trpc/server/adapters/ws";

/** Payloads of the latest frames as JSON string literals; a frame reaches all its sockets within moments. */
const quotedPayloads = new Map<string, string>();
const QUOTED_PAYLOADS_KEPT = 64;

function quotedPayload(payload: string): string {
  let literal = quotedPayloads.get(payload);
  if (literal === undefined) {
    quotedPayloads.set(payload, (literal = JSON.stringify(payload)));
    if (quotedPayloads.size > QUOTED_PAYLOADS_KEPT) quotedPayloads.delete(quotedPayloads.keys().next().value!);
  }
  return literal;
}

interface StreamFrame {
  id: number | string | null;
  result: { type: "data"; data: { json: { id: string; data: string } }; id: string };
}

/** A tracked subscription item exactly as tRPC and superjson shape it (ids and a string, nothing else). */
function isStreamFrame(message: unknown): message is StreamFrame {
  const { id, jsonrpc, result, ...rest } = message as { id?: unknown; jsonrpc?: unknown; result?: { type?: unknown; id?: unknown; data?: unknown } };
  if (jsonrpc !== undefined || Object.keys(rest).length > 0 || result?.type !== "data" || typeof result.id !== "string") return false;
  if (typeof id !== "number" && typeof id !== "string" && id !== null) return false;
  if (Object.keys(result).length !== 3) return false;
  const data = result.data as { json?: { id?: unknown; data?: unknown } } | undefined;
  if (!data || Object.keys(data).length !== 1 || !data.json || Object.keys(data.json).length !== 2) return false;
  return typeof data.json.id === "string" && typeof data.json.data === "string";
}

/**
 * tRPC's JSON encoding of what goes down a socket, with one shortcut: a stream frame's payload, already JSON text, is
 * escaped into the frame once per process rather than once per socket (escaping it was the largest single cost of
 * a delivery in a profile of the fan-out). The frame is the same text JSON.stringify makes, keys in tRPC's order.
 */
export const socketEncoder: Encoder = {
  encode(message) {
    if (!isStreamFrame(message)) return jsonEncoder.encode(message);
    const { id, result } = message;
    return `{"id":${JSON.stringify(id)},"result":{"type":"data","data":{"json":{"id":${JSON.stringify(result.data.json.id)},"data":${quotedPayload(result.data.json.data)}}},"id":${JSON.stringify(result.id)}}}`;
  },
  decode: (data) => jsonEncoder.decode(data),
};
