import type { MemberSummary } from "@/shared/events";
import type { WorkspaceRole } from "@/shared/workspaces";

export const ROLE_LABELS: Record<WorkspaceRole, string> = { owner: "Owner", admin: "Admin", member: "Member", guest: "Guest" };

/** What sets a person apart beside their name: deactivated, or a guest (Slack's marks), else nothing. */
export function personMark(member: Pick<MemberSummary, "role" | "singleChannel" | "deactivated">): string | null {
  if (member.deactivated) return "Deactivated";
  if (member.role === "guest") return member.singleChannel ? "Single-channel guest" : "Guest";
  return null;
}
