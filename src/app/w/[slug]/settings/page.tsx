import { WorkspaceSettings } from "@/features/workspace/workspace-settings";

export const metadata = { title: "Workspace settings" };

export default function SettingsPage() {
  return <WorkspaceSettings />;
}
