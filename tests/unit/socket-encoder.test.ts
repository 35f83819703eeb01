import { jsonEncoder } from "@trpc/server/adapters/ws";
import { describe, expect, it } from "vitest";
import { serializeFrame } from "../../src/server/events/serialized";
import { socketEncoder } from "../../src/server/transport/socket-encoder";
import { parseStreamEvents, type ServerEvent } from "../../src/shared/events";

const event = { type: "typing", channelId: "c1", threadRootId: null, userId: 'u1 "quoted" \\ \u2028 é' } as unknown as ServerEvent;

describe("the socket encoder", () => {
  it("writes a stream frame exactly as tRPC's JSON encoder would, with the payload escaped once for every socket", () => {
    const payload = serializeFrame([event]);
    expect(serializeFrame([event])).toBe(payload);
    for (const subscriptionId of [1, "tab-7", null]) {
      // The shape tRPC's WebSocket adapter hands its encoder for a tracked item, keys in its order.
      const frame = { id: subscriptionId, jsonrpc: undefined, result: { type: "data", data: { json: { id: "boot-42", data: payload } }, id: "boot-42" } };
      const encoded = socketEncoder.encode(frame);
      expect(encoded).toBe(jsonEncoder.encode(frame));
      expect(parseStreamEvents((JSON.parse(encoded as string) as typeof frame).result.data.json.data as never)).toEqual([event]);
    }
  });

  it("leaves everything else to tRPC's encoder", () => {
    const others = [
      { id: 2, result: { type: "data", data: { json: { ok: true } } } },
      { id: 3, jsonrpc: "2.0", result: { type: "data", data: { json: { id: "x", data: "[]" } }, id: "x" } },
      { id: 4, result: { type: "data", data: { json: { id: "x", data: "[]" }, meta: { values: {} } }, id: "x" } },
      { id: null, error: { json: { message: "nope" } } },
      { id: 5, result: { type: "stopped" } },
    ];
    for (const message of others) expect(socketEncoder.encode(message)).toBe(JSON.stringify(message));
  });
});
