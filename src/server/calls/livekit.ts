import { AccessToken, RoomServiceClient, TrackSource, WebhookReceiver } from "livekit-server-sdk";
import { type Env, env } from "@/env";

export { CALLS_NOT_CONFIGURED } from "@/shared/calls";

/** The adapter around LiveKit's SDK: the rest of the server knows calls, not rooms and grants. */
export interface LiveKitConfig {
  url: string;
  publicUrl: string;
  apiKey: string;
  apiSecret: string;
}

export function livekitConfig(settings: Env = env()): LiveKitConfig | null {
  const { LIVEKIT_URL: url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret, LIVEKIT_PUBLIC_URL } = settings;
  if (!url || !apiKey || !apiSecret) return null;
  return { url, apiKey, apiSecret, publicUrl: LIVEKIT_PUBLIC_URL ?? url.replace(/^http/, "ws") };
}


const ROOM_PREFIX = "call-";
export const roomName = (callId: string) => `${ROOM_PREFIX}${callId}`;
export const callIdOfRoom = (room: string | undefined) => (room?.startsWith(ROOM_PREFIX) ? room.slice(ROOM_PREFIX.length) : null);

/** Long enough to join and to reconnect within; a fresh one is minted for every join. */
export const CALL_TOKEN_TTL_SECONDS = 10 * 60;

/** A token for one person to join one call: publish camera, microphone and screen (with its audio), subscribe, data. */
export async function mintCallToken(config: LiveKitConfig, call: { callId: string; userId: string; name: string }): Promise<string> {
  const token = new AccessToken(config.apiKey, config.apiSecret, { identity: call.userId, name: call.name, ttl: CALL_TOKEN_TTL_SECONDS });
  token.addGrant({
    room: roomName(call.callId),
    roomJoin: true,
    canPublish: true,
    canSubscribe: true,
    canPublishData: true,
    canPublishSources: [TrackSource.MICROPHONE, TrackSource.CAMERA, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO],
  });
  return token.toJwt();
}

/** Ends a call's room for everyone in it; a room that is already gone is fine. */
export async function closeRoom(config: LiveKitConfig, callId: string): Promise<void> {
  const service = new RoomServiceClient(config.url.replace(/^ws/, "http"), config.apiKey, config.apiSecret);
  await service.deleteRoom(roomName(callId)).catch(() => undefined);
}

export function webhookReceiver(config: LiveKitConfig) {
  return new WebhookReceiver(config.apiKey, config.apiSecret);
}
