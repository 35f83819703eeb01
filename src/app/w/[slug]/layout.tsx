import type { ReactNode } from "react";
import { WorkspaceShell } from "@/features/shell/workspace-shell";
import { requireUserId } from "@/server/auth/session";
import { getMe } from "@/server/queries/users";
import { getWorkspaceBySlug, listMyWorkspaces } from "@/server/queries/workspaces";
import { orNotFound } from "../../or-not-found";

export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const userId = await requireUserId(`/w/${slug}`);
  const workspace = await orNotFound(getWorkspaceBySlug(userId, slug));
  const [workspaces, me] = await Promise.all([listMyWorkspaces(userId), getMe(userId)]);
  return (
    <WorkspaceShell workspaceId={workspace.id} initialWorkspaces={workspaces} initialMe={me!}>
      {children}
    </WorkspaceShell>
  );
}
