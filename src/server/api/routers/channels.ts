import { z } from "zod";
import { channelIdInput, channelMemberInput, createChannelInput, openDmInput, updateChannelInput } from "@/shared/channels";
import { markReadInput } from "@/shared/messages";
import { workspaceIdInput } from "@/shared/workspaces";
import { createChannel } from "../../actions/channels/create-channel";
import { setChannelArchived, updateChannel } from "../../actions/channels/manage-channel";
import { addChannelMember, joinChannel, leaveChannel, removeChannelMember } from "../../actions/channels/membership";
import { openDm } from "../../actions/channels/open-dm";
import { markRead, markUnread } from "../../actions/channels/read-state";
import { listReceipts } from "../../queries/receipts";
import { browseChannels, getChannel, listChannelMembers, listMyChannels } from "../../queries/channels";
import { authedProcedure, router } from "../trpc";

export const channelsRouter = router({
  mine: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listMyChannels(ctx.userId, input.workspaceId)),
  browse: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => browseChannels(ctx.userId, input.workspaceId)),
  get: authedProcedure.input(channelIdInput).query(({ ctx, input }) => getChannel(ctx.userId, input.channelId)),
  members: authedProcedure.input(channelIdInput).query(({ ctx, input }) => listChannelMembers(ctx.userId, input.channelId)),
  create: authedProcedure.input(createChannelInput).mutation(({ ctx, input }) => createChannel(ctx.userId, input)),
  update: authedProcedure.input(updateChannelInput).mutation(({ ctx, input }) => updateChannel(ctx.userId, input)),
  setArchived: authedProcedure
    .input(channelIdInput.extend({ archived: z.boolean() }))
    .mutation(({ ctx, input }) => setChannelArchived(ctx.userId, input.channelId, input.archived)),
  join: authedProcedure.input(channelIdInput).mutation(({ ctx, input }) => joinChannel(ctx.userId, input.channelId)),
  leave: authedProcedure.input(channelIdInput).mutation(({ ctx, input }) => leaveChannel(ctx.userId, input.channelId)),
  addMember: authedProcedure.input(channelMemberInput).mutation(({ ctx, input }) => addChannelMember(ctx.userId, input.channelId, input.userId)),
  removeMember: authedProcedure
    .input(channelMemberInput)
    .mutation(({ ctx, input }) => removeChannelMember(ctx.userId, input.channelId, input.userId)),
  openDm: authedProcedure.input(openDmInput).mutation(({ ctx, input }) => openDm(ctx.userId, input)),
  receipts: authedProcedure.input(channelIdInput).query(({ ctx, input }) => listReceipts(ctx.userId, input.channelId)),
  markRead: authedProcedure.input(markReadInput).mutation(({ ctx, input }) => markRead(ctx.userId, input.channelId, input.seq)),
  markUnread: authedProcedure.input(markReadInput).mutation(({ ctx, input }) => markUnread(ctx.userId, input.channelId, input.seq)),
});
