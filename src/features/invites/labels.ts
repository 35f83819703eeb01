import type { InviteExpiry } from "@/shared/workspaces";

export const EXPIRY_LABELS: Record<InviteExpiry, string> = { "1d": "1 day", "7d": "7 days", "30d": "30 days", never: "Never" };

export function inviteLink(token: string): string {
  return `${window.location.origin}/invite/${token}`;
}

export function describeInviteLimits(invite: { expiresAt: Date | null; maxUses: number | null; uses: number }): string {
  const uses = invite.maxUses === null ? `${invite.uses} uses` : `${invite.uses} of ${invite.maxUses} uses`;
  const expiry = invite.expiresAt ? `expires ${invite.expiresAt.toLocaleString()}` : "never expires";
  return `${uses} · ${expiry}`;
}
