import { z } from "zod";

/** `@design-team`: lowercase letters, digits, dots, dashes and underscores; never a word mentions already mean. */
export const groupHandle = z
  .string()
  .trim()
  .toLowerCase()
  .transform((handle) => handle.replace(/^@/, ""))
  .pipe(
    z
      .string()
      .min(1, "Give the group a handle")
      .max(80, "Handles are at most 80 characters")
      .regex(/^[a-z0-9][a-z0-9._-]*$/, "Use lowercase letters, digits, dots, dashes and underscores")
      .refine((handle) => !["channel", "here", "everyone"].includes(handle), "@channel, @here and @everyone already mean something"),
  );

const groupName = z.string().trim().min(1, "Give the group a name").max(80, "Names are at most 80 characters");
const ids = (what: string) => z.array(z.string().uuid(`Unknown ${what}`)).max(10_000, `At most 10,000 ${what}s`);

export const createUserGroupInput = z.object({
  workspaceId: z.string().uuid("Unknown workspace"),
  handle: groupHandle,
  name: groupName,
  description: z.string().trim().max(500, "Descriptions are at most 500 characters").default(""),
  memberIds: ids("person").default([]),
  channelIds: ids("channel").max(50, "At most 50 default channels").default([]),
});

export const updateUserGroupInput = z.object({
  groupId: z.string().uuid("Unknown group"),
  handle: groupHandle.optional(),
  name: groupName.optional(),
  description: z.string().trim().max(500, "Descriptions are at most 500 characters").optional(),
  /** The whole membership: who is in the group from now on. */
  memberIds: ids("person").optional(),
  channelIds: ids("channel").max(50, "At most 50 default channels").optional(),
});

export const userGroupIdInput = z.object({ groupId: z.string().uuid("Unknown group") });

export interface UserGroupView {
  id: string;
  workspaceId: string;
  handle: string;
  name: string;
  description: string;
  memberIds: string[];
  channelIds: string[];
}

/** What the composer's autocomplete and the mention chips know a group by, beside people. */
export const groupMentionKey = (groupId: string) => `subteam:${groupId}`;
