import { z } from "zod";

const days = z.number().int("Whole days").min(1, "At least 1 day").max(36_500, "At most 100 years");

export const retentionDays = days.nullable();
export const setChannelRetentionInput = z.object({
  channelId: z.string().uuid("Unknown channel"),
  /** null: the workspace's setting; 0: forever; N: deleted after N days. */
  days: z.union([z.literal(0), days]).nullable(),
});
export const placeLegalHoldInput = z.object({
  workspaceId: z.string().uuid("Unknown workspace"),
  kind: z.enum(["user", "channel"]),
  targetId: z.string().uuid("Choose a person or a channel"),
  reason: z.string().trim().max(500, "At most 500 characters").default(""),
});
export const legalHoldIdInput = z.object({ holdId: z.string().uuid("Unknown legal hold") });

export const RETENTION_CHOICES = [null, 30, 90, 180, 365, 730, 2555] as const;
export const retentionLabel = (value: number | null) => (value === null || value === 0 ? "Forever" : value % 365 === 0 ? `${value / 365} year${value === 365 ? "" : "s"}` : `${value} days`);
