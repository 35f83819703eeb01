import type { WorkspaceRole } from "@/shared/workspaces";

export const ROLE_LABELS: Record<WorkspaceRole, string> = { owner: "Owner", admin: "Admin", member: "Member", guest: "Guest" };
