import { notFound } from "next/navigation";
import { ChannelView } from "@/features/channel/channel-view";
import { auth } from "@/server/auth/config";
import { requireUserId } from "@/server/auth/session";
import { getChannel } from "@/server/queries/channels";
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
  return <ChannelView initialChannel={channel} />;
}

export async function generateMetadata({ params }: { params: Promise<{ slug: string; channelId: string }> }) {
  const { slug, channelId } = await params;
  const userId = (await auth())?.user?.id;
  // The title names only what the reader may see; anything else falls back to the workspace's URL.
  const channel = userId ? await getChannel(userId, channelId).catch(() => null) : null;
  return { title: channel ? `#${channel.name} · ${slug}` : slug };
}
