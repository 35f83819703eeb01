"use client";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { FileText } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTRPC } from "@/client/trpc";
import { DownloadLink } from "./attachments";
import { fileUrl, formatFileSize, thumbnailUrl } from "@/shared/files";
import { formatFull } from "../common/format";
import { ViewPage } from "../common/view-page";
import { useCurrentWorkspace } from "../common/workspace-context";

const PAGE = 50;

/** Files shared in the workspace (the channels you can read), newest first; or one channel's, by ?channel=. */
export function FilesView() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const router = useRouter();
  const pathname = usePathname();
  const channelId = useSearchParams().get("channel") ?? undefined;
  const channels = useQuery(trpc.channels.mine.queryOptions({ workspaceId: workspace.id }));
  const files = useInfiniteQuery(
    trpc.files.list.infiniteQueryOptions({ workspaceId: workspace.id, channelId, limit: PAGE }, { getNextPageParam: (page) => (page.length === PAGE ? page.at(-1)!.id : undefined) }),
  );
  const list = files.data?.pages.flat() ?? [];
  const named = channels.data?.filter((channel) => channel.kind === "public" || channel.kind === "private") ?? [];

  return (
    <ViewPage
      title="Files"
      actions={
        <label className="ml-auto flex items-center gap-2 text-sm text-muted">
          In
          <select
            value={channelId ?? ""}
            onChange={(event) => router.replace(event.target.value ? `${pathname}?channel=${event.target.value}` : pathname)}
            className="h-8 rounded-md border border-border bg-bg px-2 text-sm text-text"
          >
            <option value="">All conversations</option>
            {named.map((channel) => (
              <option key={channel.id} value={channel.id}>
                #{channel.name}
              </option>
            ))}
          </select>
        </label>
      }
    >
      {files.isPending ? (
        <p className="text-sm text-muted">Loading…</p>
      ) : list.length === 0 ? (
        <p className="py-10 text-center text-muted">No files yet. Attach one with the paperclip, or drop it on the message box.</p>
      ) : (
        <ul aria-label="Files" className="divide-y divide-border rounded-md border border-border">
          {list.map((file) => (
            <li key={file.id} className="flex items-center gap-3 px-3 py-2 text-sm">
              {file.hasThumbnail ? (
                <img src={thumbnailUrl(file)} alt="" loading="lazy" className="h-10 w-10 shrink-0 rounded object-cover" />
              ) : (
                <span className="flex h-10 w-10 shrink-0 items-center justify-center rounded bg-surface-2">
                  <FileText size={18} aria-hidden="true" className="text-muted" />
                </span>
              )}
              <div className="min-w-0 flex-1">
                <a href={fileUrl(file)} target="_blank" rel="noreferrer" className="block truncate font-medium hover:underline">
                  {file.name}
                </a>
                <div className="truncate text-xs text-muted">
                  {file.channelKind === "public" || file.channelKind === "private" ? `#${file.channelName}` : "Direct message"} · {file.uploaderName ?? "Someone"} ·{" "}
                  {formatFileSize(file.size)} · <time dateTime={file.createdAt.toISOString()}>{formatFull(file.createdAt)}</time>
                </div>
              </div>
                <DownloadLink file={file} />
            </li>
          ))}
        </ul>
      )}
      {files.hasNextPage && (
        <button type="button" onClick={() => void files.fetchNextPage()} className="mt-3 text-sm text-accent hover:underline">
          Show older files
        </button>
      )}
    </ViewPage>
  );
}
