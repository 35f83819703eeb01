import { SearchView } from "@/features/search/search-view";

export const metadata = { title: "Search" };

export default function SearchPage() {
  return <SearchView />;
}
