import { SavedView } from "@/features/feeds/saved-view";

export const metadata = { title: "Saved" };

export default function SavedPage() {
  return <SavedView />;
}
