import { PUSH_CONTENTS } from "./notifications";
import { z } from "zod";

export const WORKSPACE_ROLES = ["owner", "admin", "member", "guest"] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

/** Owners and admins manage the workspace: settings, invites and roles. */
export function isWorkspaceAdmin(role: WorkspaceRole): boolean {
  return role === "owner" || role === "admin";
}

export const workspaceName = z
  .string()
  .trim()
  .min(1, "Give the workspace a name")
  .max(80, "Workspace names are at most 80 characters");

export const workspaceSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "The URL needs at least 2 characters")
  .max(40, "The URL is at most 40 characters")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lowercase letters, digits and single dashes, not at the start or end");

/** A URL slug suggested from a workspace name: "Acme Corp." -> "acme-corp". */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}

export const createWorkspaceInput = z.object({ name: workspaceName, slug: workspaceSlug });
export const updateWorkspaceInput = z.object({
  workspaceId: z.string().uuid("Unknown workspace"),
  name: workspaceName.optional(),
  slug: workspaceSlug.optional(),
  readReceipts: z.boolean().optional(),
  membersCanCreateApps: z.boolean().optional(),
  requireTwoFactor: z.boolean().optional(),
  pushContent: z.enum(PUSH_CONTENTS, { message: "Choose what push notifications show" }).optional(),
});
export const workspaceIdInput = z.object({ workspaceId: z.string().uuid("Unknown workspace") });
export const changeRoleInput = z.object({
  workspaceId: z.string().uuid("Unknown workspace"),
  userId: z.string().uuid("Unknown person"),
  role: z.enum(WORKSPACE_ROLES, { message: "Choose owner, admin, member or guest" }),
});
export const removeMemberInput = z.object({
  workspaceId: z.string().uuid("Unknown workspace"),
  userId: z.string().uuid("Unknown person"),
});

export const INVITE_EXPIRY_CHOICES = {
  "1d": 24 * 60 * 60 * 1000,
  "7d": 7 * 24 * 60 * 60 * 1000,
  "30d": 30 * 24 * 60 * 60 * 1000,
  never: null,
} as const;
export type InviteExpiry = keyof typeof INVITE_EXPIRY_CHOICES;

export const createInviteInput = z.object({
  workspaceId: z.string().uuid("Unknown workspace"),
  role: z.enum(["admin", "member", "guest"], { message: "Invites grant admin, member or guest" }),
  expiresIn: z.enum(Object.keys(INVITE_EXPIRY_CHOICES) as [InviteExpiry, ...InviteExpiry[]]),
  maxUses: z.number().int().min(1, "At least one use").max(1000, "At most 1,000 uses").nullable(),
});
export const inviteIdInput = z.object({ inviteId: z.string().uuid("Unknown invite") });
export const inviteTokenInput = z.object({ token: z.string().trim().min(10, "That invite link is incomplete").max(100) });
