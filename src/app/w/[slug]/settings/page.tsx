import { WorkspaceSettings } from "@/features/workspace-settings/workspace-settings";

export const metadata = { title: "Workspace settings" };

export default function SettingsPage() {
  return <WorkspaceSettings />;
}
