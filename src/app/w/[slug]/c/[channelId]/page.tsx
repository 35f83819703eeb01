import { notFound } from "next/navigation";
import { ChannelView } from "@/features/channel/channel-view";
import { SupportConversationView } from "@/features/support/support-conversation-view";
import { auth } from "@/server/auth/config";
import { requireUserId } from "@/server/auth/session";
import { channelLabel, isConversation } from "@/features/channel/channel-label";
import { getChannel, listChannelMembers } from "@/server/queries/channels";
import { getWorkspaceBySlug } from "@/server/queries/workspaces";
import { orNotFound } from "../../../../or-not-found";

export default async function ChannelPage({ params }: { params: Promise<{ slug: string; channelId: string }> }) {
  const { slug, channelId } = await params;
  const userId = await requireUserId(`/w/${slug}/c/${channelId}`);
  if (!/^[0-9a-f-]{36}$/.test(channelId)) notFound();
  const [workspace, channel] = await Promise.all([
    orNotFound(getWorkspaceBySlug(userId, slug)),
    orNotFound(getChannel(userId, channelId)),
  ]);
  if (channel.workspaceId !== workspace.id) notFound();
  if (channel.kind === "support") return <SupportConversationView initialChannel={channel} />;
  return <ChannelView initialChannel={channel} />;
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string; channelId: string }> }) {
  const { slug, channelId } = await params;
  const userId = (await auth())?.user?.id;
  // The title names only what the reader may see; anything else falls back to the workspace's URL.
  if (!userId) return { title: slug };
  const [workspace, channel] = await Promise.all([getWorkspaceBySlug(userId, slug).catch(() => null), getChannel(userId, channelId).catch(() => null)]);
  if (!workspace || !channel || channel.workspaceId !== workspace.id) return { title: slug };
  if (channel.kind === "support") return { title: `${channel.name} (support) · ${workspace.name}` };
  if (!isConversation(channel.kind)) return { title: `#${channel.name} · ${workspace.name}` };
  const people = await listChannelMembers(userId, channelId);
  const me = people.find((person) => person.userId === userId);
  return { title: `${channelLabel(channel, people.filter((person) => person !== me), me?.name)} · ${workspace.name}` };
}
