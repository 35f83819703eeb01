import { createHash } from "node:crypto";
import { AccessToken, WebhookEvent } from "livekit-server-sdk";
import { env } from "../../src/env";
import { roomName } from "../../src/server/calls/livekit";

/** A LiveKit webhook as LiveKit sends it: protobuf JSON, signed by the SDK with our API key (sha256 of the body). */
export async function signedWebhook(
  event: { event: string; callId: string; identity?: string; at?: number; id?: string },
  keys = { apiKey: env().LIVEKIT_API_KEY!, apiSecret: env().LIVEKIT_API_SECRET! },
) {
  const message = new WebhookEvent({
    id: event.id ?? crypto.randomUUID(),
    room: { name: roomName(event.callId) },
    participant: event.identity ? { identity: event.identity } : undefined,
    createdAt: BigInt(Math.floor((event.at ?? Date.now()) / 1000)),
  });
  // The SDK's subclass resets `event` after its constructor runs, so it is set afterwards.
  message.event = event.event as WebhookEvent["event"];
  const body = message.toJsonString();
  const token = new AccessToken(keys.apiKey, keys.apiSecret);
  token.sha256 = createHash("sha256").update(body).digest("base64");
  return { body, authorization: await token.toJwt() };
}
