import { ThreadsView } from "@/features/feeds/threads-view";

export const metadata = { title: "Threads" };

export default function ThreadsPage() {
  return <ThreadsView />;
}
