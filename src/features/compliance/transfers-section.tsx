"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { Section } from "@/components/settings-section";
import { TRANSFER_IMPORT_PATH, transferDownloadUrl } from "@/shared/transfers";
import { formatFull } from "../common/format";
import { useCurrentWorkspace } from "../common/workspace-context";

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
/** "1 message", "3 messages", "1 notice skipped". */
const counted = (count: number, what: string) => `${count.toLocaleString()} ${count === 1 ? what.replace(/s\b/, "") : what}`;

/** Settings → Export and import: a Slack-format export of the workspace, and a Slack export brought in, with progress. */
export function TransfersSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workspace = useCurrentWorkspace();
  const transfers = useQuery({
    ...trpc.transfers.list.queryOptions({ workspaceId: workspace.id }),
    // While one runs, its progress is asked for every second.
    refetchInterval: (query) => (query.state.data?.some((transfer) => transfer.status === "queued" || transfer.status === "running") ? 1000 : false),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.transfers.list.queryKey({ workspaceId: workspace.id }) });
  const startExport = useMutation(trpc.transfers.startExport.mutationOptions({ onSuccess: () => void refresh(), onError: (cause) => void toast.error(cause.message) }));
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState<number | null>(null);

  const upload = (file: File) => {
    // XMLHttpRequest for its upload progress, which fetch does not report.
    const request = new XMLHttpRequest();
    request.open("POST", `${TRANSFER_IMPORT_PATH}?workspaceId=${workspace.id}`);
    request.upload.onprogress = (event) => setUploading(event.lengthComputable ? event.loaded / event.total : 0);
    request.onload = () => {
      setUploading(null);
      if (request.status === 202) void refresh();
      else toast.error((JSON.parse(request.responseText || "{}") as { error?: string }).error ?? "The upload failed");
    };
    request.onerror = () => (setUploading(null), toast.error("The upload failed; check the connection and try again"));
    setUploading(0);
    request.send(file);
  };

  return (
    <Section title="Export and import" description="Export the workspace as a Slack-format zip, or bring in a Slack export (channels, DMs, threads, reactions, files).">
      <div className="flex flex-wrap gap-2">
        {workspace.role === "owner" ? (
          <Button variant="secondary" pending={startExport.isPending} onClick={() => startExport.mutate({ workspaceId: workspace.id })}>
            Export workspace
          </Button>
        ) : (
          <p className="self-center text-sm text-muted">Only owners export: an export holds every private channel and DM.</p>
        )}
        <Button variant="secondary" pending={uploading !== null} onClick={() => input.current?.click()}>
          Import a Slack export…
        </Button>
        <input
          ref={input}
          type="file"
          accept=".zip,application/zip"
          aria-label="Slack export zip"
          className="hidden"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) upload(file);
            event.target.value = "";
          }}
        />
      </div>
      {uploading !== null && <Progress label="Uploading the export" value={uploading} />}
      {transfers.data && transfers.data.length > 0 && (
        <ul aria-label="Exports and imports" className="mt-3 divide-y divide-border rounded-md border border-border text-sm">
          {transfers.data.map((transfer) => (
            <li key={transfer.id} className="flex flex-col gap-1 px-3 py-2">
              <div className="flex items-center gap-2">
                <span className="font-medium">{transfer.kind === "export" ? "Export" : "Import"}</span>
                <span className="text-muted">{formatFull(transfer.createdAt)}</span>
                <span className="ml-auto text-muted">{transfer.status === "done" ? "Done" : transfer.status === "failed" ? "Failed" : transfer.phase || "Waiting to start"}</span>
                {transfer.kind === "export" && transfer.status === "done" && (
                  <a href={transferDownloadUrl(transfer.id)} className="text-accent hover:underline">
                    Download{transfer.size ? ` (${megabytes(transfer.size)})` : ""}
                  </a>
                )}
              </div>
              {(transfer.status === "running" || transfer.status === "queued") && <Progress label={`${transfer.kind === "export" ? "Export" : "Import"}: ${transfer.phase}`} value={transfer.total ? transfer.done / transfer.total : 0} />}
              {transfer.error && <p className="text-danger">{transfer.error}</p>}
              {transfer.report && (
                <details>
                  <summary className="cursor-pointer text-muted">
                    {Object.entries(transfer.report.counts)
                      .map(([what, count]) => counted(count, what))
                      .join(" · ")}
                  </summary>
                  {transfer.report.skipped.length > 0 && (
                    <ul aria-label="Skipped" className="mt-1 list-disc pl-5 text-muted">
                      {transfer.report.skipped.map((entry, index) => (
                        <li key={index}>
                          {entry.what}: {entry.why}
                        </li>
                      ))}
                    </ul>
                  )}
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Progress({ label, value }: { label: string; value: number }) {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div className="mt-2 flex items-center gap-2 text-xs text-muted">
      <div role="progressbar" aria-label={label} aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} className="h-2 flex-1 overflow-hidden rounded bg-surface-2">
        <div className="h-full bg-accent transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <span>{percent}%</span>
    </div>
  );
}
