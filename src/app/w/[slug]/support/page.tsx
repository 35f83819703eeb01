import { ConversationsView } from "@/features/support/conversations-view";

export const metadata = { title: "Support" };

export default function SupportPage() {
  return <ConversationsView />;
}
