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
  deletedAccountMessages: z.enum(["keep", "remove"], { message: "Choose keep or remove" }).optional(),
  membersCanManageGroups: z.boolean().optional(),
  /** Days messages and files are kept; null is forever. */
  retentionDays: z.number().int("Whole days").min(1, "At least 1 day").max(36_500, "At most 100 years").nullable().optional(),
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

export const createInviteInput = z
  .object({
    workspaceId: z.string().uuid("Unknown workspace"),
    role: z.enum(["admin", "member", "guest"], { message: "Invites grant admin, member or guest" }),
    expiresIn: z.enum(Object.keys(INVITE_EXPIRY_CHOICES) as [InviteExpiry, ...InviteExpiry[]]),
    maxUses: z.number().int().min(1, "At least one use").max(1000, "At most 1,000 uses").nullable(),
    /** A guest's channels: the only ones they join and see. */
    channelIds: z.array(z.string().uuid("Unknown channel")).max(50, "At most 50 channels").default([]),
    /** A single-channel guest, limited to one channel for good. */
    singleChannel: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
    if (value.role !== "guest") return;
    if (value.channelIds.length === 0) ctx.addIssue({ code: "custom", path: ["channelIds"], message: "Choose the channels the guest may join" });
    if (value.singleChannel && value.channelIds.length !== 1) ctx.addIssue({ code: "custom", path: ["channelIds"], message: "A single-channel guest joins exactly one channel" });
  });
export const inviteIdInput = z.object({ inviteId: z.string().uuid("Unknown invite") });
export const inviteTokenInput = z.object({ token: z.string().trim().min(10, "That invite link is incomplete").max(100) });

export const MEMBER_STATUSES = ["active", "deactivated", "any"] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** The member directory of Settings → Members: searched, filtered and paged on the server, for workspaces of any size. */
export const memberDirectoryInput = z.object({
  workspaceId: z.string().uuid("Unknown workspace"),
  query: z.string().trim().max(100, "Search for at most 100 characters").default(""),
  role: z.enum([...WORKSPACE_ROLES, "any"]).default("any"),
  status: z.enum(MEMBER_STATUSES).default("active"),
  /** The last entry of the previous page, as the server gave it. */
  cursor: z.object({ name: z.string().max(200), userId: z.string().uuid() }).nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const transferOwnershipInput = z.object({
  workspaceId: z.string().uuid("Unknown workspace"),
  userId: z.string().uuid("Unknown person"),
});

/** A person in the member directory (Settings → Members). */
export interface DirectoryEntry {
  userId: string;
  name: string;
  email: string;
  image: string | null;
  role: WorkspaceRole;
  singleChannel: boolean;
  deactivated: boolean;
  isBot: boolean;
  twoFactor: boolean;
  joinedAt: Date;
  deactivatedAt: Date | null;
}
