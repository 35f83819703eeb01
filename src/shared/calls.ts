import { z } from "zod";

/** A live call as clients hold it: who is in it now, and whether it is still ringing. */
export interface CallView {
  id: string;
  channelId: string;
  startedBy: string | null;
  startedAt: Date;
  ringUntil: Date | null;
  answeredAt: Date | null;
  participantIds: string[];
}

export const CALLS_NOT_CONFIGURED = "Calls are not configured on this server: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET.";

export const callIdInput = z.object({ callId: z.string().uuid("Unknown call") });

/** "Call ended · 14 min · 3 people" */
export function callSummary(durationMs: number, people: number): string {
  const minutes = Math.max(1, Math.round(durationMs / 60_000));
  const length = minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
  return `Call ended · ${length} · ${people} ${people === 1 ? "person" : "people"}`;
}
