import { AuthCard, AuthFooterLink } from "@/features/auth/auth-card";
import { CreateWorkspaceForm } from "@/features/create-workspace/create-workspace-form";
import { requireUserId } from "@/server/auth/session";
import { listMyWorkspaces } from "@/server/queries/workspaces";

export const metadata = { title: "Create a workspace" };

export default async function NewWorkspacePage() {
  const userId = await requireUserId("/new");
  const hasWorkspaces = (await listMyWorkspaces(userId)).length > 0;
  return (
    <AuthCard
      title="Create a workspace"
      subtitle="A workspace is where your team talks. You can invite people next."
      footer={
        hasWorkspaces ? (
          <AuthFooterLink href="/">
            Back to your workspaces
          </AuthFooterLink>
        ) : (
          "Got an invite link? Open it to join your team's workspace."
        )
      }
    >
      <CreateWorkspaceForm />
    </AuthCard>
  );
}
