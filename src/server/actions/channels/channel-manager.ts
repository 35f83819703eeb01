import { isWorkspaceAdmin } from "@/shared/workspaces";
import type { requireReadableChannel } from "../../access/channels";
import { badRequest, forbidden } from "../../access/errors";

type Access = Awaited<ReturnType<typeof requireReadableChannel>>;

/** Renaming, archiving and removing people: the channel's creator and workspace admins. */
export function requireChannelManager(access: Access, actorId: string) {
  if (access.channel.createdBy !== actorId && !isWorkspaceAdmin(access.role)) {
    throw forbidden("Only the channel's creator and workspace admins can do that");
  }
}

export function requireNamedChannel(access: Access) {
  if (access.channel.kind === "dm" || access.channel.kind === "group_dm") throw badRequest("Direct messages cannot be changed that way");
}
