import { redirect } from "next/navigation";
import { requireUserId } from "@/server/auth/session";
import { getWorkspaceBySlug } from "@/server/queries/workspaces";
import { orNotFound } from "../../or-not-found";

export default async function WorkspaceHome({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const userId = await requireUserId(`/w/${slug}`);
  const workspace = await orNotFound(getWorkspaceBySlug(userId, slug));
  redirect(workspace.generalChannelId ? `/w/${slug}/c/${workspace.generalChannelId}` : `/w/${slug}/settings`);
}
