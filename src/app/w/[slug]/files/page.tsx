import { FilesView } from "@/features/files/files-view";

export const metadata = { title: "Files" };

export default function FilesPage() {
  return <FilesView />;
}
