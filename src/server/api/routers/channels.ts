import { z } from "zod";
import { channelIdInput, channelMemberInput, createChannelInput, openDmInput, updateChannelInput } from "@/shared/channels";
import { markReadInput } from "@/shared/messages";
import { workspaceIdInput } from "@/shared/workspaces";
import { addChannelMember } from "../../actions/channels/add-channel-member";
import { setChannelArchived } from "../../actions/channels/archive-channel";
import { createChannel } from "../../actions/channels/create-channel";
import { joinChannel } from "../../actions/channels/join-channel";
import { leaveChannel } from "../../actions/channels/leave-channel";
import { markRead } from "../../actions/channels/mark-read";
import { markUnread } from "../../actions/channels/mark-unread";
import { openDm } from "../../actions/channels/open-dm";
import { removeChannelMember } from "../../actions/channels/remove-channel-member";
import { updateChannel } from "../../actions/channels/update-channel";
import { runAction } from "../../actions/context";
import { listReceipts } from "../../queries/receipts";
import { browseChannels, getChannel, listChannelMembers, listMyChannels } from "../../queries/channels";
import { authedProcedure, router } from "../trpc";

export const channelsRouter = router({
  mine: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => listMyChannels(ctx.userId, input.workspaceId)),
  browse: authedProcedure.input(workspaceIdInput).query(({ ctx, input }) => browseChannels(ctx.userId, input.workspaceId)),
  get: authedProcedure.input(channelIdInput).query(({ ctx, input }) => getChannel(ctx.userId, input.channelId)),
  members: authedProcedure.input(channelIdInput).query(({ ctx, input }) => listChannelMembers(ctx.userId, input.channelId)),
  create: authedProcedure.input(createChannelInput).mutation(({ ctx, input }) => runAction(ctx.actor, createChannel, input)),
  update: authedProcedure.input(updateChannelInput).mutation(({ ctx, input }) => runAction(ctx.actor, updateChannel, input)),
  setArchived: authedProcedure.input(channelIdInput.extend({ archived: z.boolean() })).mutation(({ ctx, input }) => runAction(ctx.actor, setChannelArchived, input)),
  join: authedProcedure.input(channelIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, joinChannel, input)),
  leave: authedProcedure.input(channelIdInput).mutation(({ ctx, input }) => runAction(ctx.actor, leaveChannel, input)),
  addMember: authedProcedure.input(channelMemberInput).mutation(({ ctx, input }) => runAction(ctx.actor, addChannelMember, input)),
  removeMember: authedProcedure.input(channelMemberInput).mutation(({ ctx, input }) => runAction(ctx.actor, removeChannelMember, input)),
  openDm: authedProcedure.input(openDmInput).mutation(({ ctx, input }) => runAction(ctx.actor, openDm, input)),
  receipts: authedProcedure.input(channelIdInput).query(({ ctx, input }) => listReceipts(ctx.userId, input.channelId)),
  markRead: authedProcedure.input(markReadInput).mutation(({ ctx, input }) => runAction(ctx.actor, markRead, input)),
  markUnread: authedProcedure.input(markReadInput).mutation(({ ctx, input }) => runAction(ctx.actor, markUnread, input)),
});
