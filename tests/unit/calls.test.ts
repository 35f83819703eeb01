import { TokenVerifier } from "livekit-server-sdk";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/env";
import { CALL_TOKEN_TTL_SECONDS, callIdOfRoom, livekitConfig, mintCallToken, roomName } from "@/server/calls/livekit";
import { callSummary } from "@/shared/calls";

const config = { url: "ws://127.0.0.1:7880", publicUrl: "ws://127.0.0.1:7880", apiKey: "unitkey", apiSecret: "unit-livekit-secret-unit-livekit-secret" };

describe("call tokens", () => {
  it("grant one person one call's room: join, publish camera, mic and screen (with audio), subscribe, data", async () => {
    const callId = crypto.randomUUID();
    const userId = crypto.randomUUID();
    const before = Math.floor(Date.now() / 1000);
    const jwt = await mintCallToken(config, { callId, userId, name: "Ana Tester" });
    const claims = await new TokenVerifier(config.apiKey, config.apiSecret).verify(jwt);
    expect(claims.sub).toBe(userId);
    expect(claims.name).toBe("Ana Tester");
    expect(claims.video).toMatchObject({
      room: `call-${callId}`,
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
      canPublishSources: ["microphone", "camera", "screen_share", "screen_share_audio"],
    });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.exp! - before).toBeGreaterThanOrEqual(CALL_TOKEN_TTL_SECONDS - 1);
    expect(claims.exp! - before).toBeLessThanOrEqual(CALL_TOKEN_TTL_SECONDS + 1);
  });

  it("is refused by a verifier with another secret", async () => {
    const jwt = await mintCallToken(config, { callId: crypto.randomUUID(), userId: "u", name: "U" });
    await expect(new TokenVerifier(config.apiKey, "another-secret-another-secret-another").verify(jwt)).rejects.toThrow();
  });

  it("names rooms after calls and reads them back", () => {
    const callId = crypto.randomUUID();
    expect(callIdOfRoom(roomName(callId))).toBe(callId);
    expect(callIdOfRoom("someone-elses-room")).toBeNull();
    expect(callIdOfRoom(undefined)).toBeNull();
  });

  it("counts calls as configured only with a URL and both halves of the key", () => {
    const base = { AUTH_SECRET: "x".repeat(32) };
    expect(livekitConfig(parseEnv(base))).toBeNull();
    expect(livekitConfig(parseEnv({ ...base, LIVEKIT_URL: "wss://lk.example.com", LIVEKIT_API_KEY: "k" }))).toBeNull();
    expect(livekitConfig(parseEnv({ ...base, LIVEKIT_URL: "https://lk.example.com", LIVEKIT_API_KEY: "k", LIVEKIT_API_SECRET: "s" }))).toMatchObject({
      url: "https://lk.example.com",
      publicUrl: "wss://lk.example.com",
    });
  });

  it("sums a call up in the channel", () => {
    expect(callSummary(14 * 60_000, 3)).toBe("Call ended · 14 min · 3 people");
    expect(callSummary(20_000, 1)).toBe("Call ended · 1 min · 1 person");
    expect(callSummary(95 * 60_000, 2)).toBe("Call ended · 1 h 35 min · 2 people");
  });
});
