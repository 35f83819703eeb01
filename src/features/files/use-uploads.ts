"use client";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/client/trpc";
import { FILES_PER_MESSAGE, type FileView, formatFileSize } from "@/shared/files";

export interface Upload {
  localId: string;
  name: string;
  size: number;
  /** 0 to 1. */
  progress: number;
  status: "uploading" | "done" | "failed";
  error?: string;
  file?: FileView;
}

/** The server's answer as the browser gets it: dates arrive as strings. */
function revive(file: FileView): FileView {
  return { ...file, createdAt: new Date(file.createdAt) };
}

/**
 * Files being attached to one draft: each uploads at once (several in parallel) with its own progress and a cancel;
 * sizes over the limit are refused before a byte leaves, in the words the server would use.
 */
export function useUploads(workspaceId: string, channelId: string) {
  const trpc = useTRPC();
  const limits = useQuery(trpc.files.limits.queryOptions({ workspaceId }, { staleTime: 60_000 }));
  const [uploads, setUploads] = useState<Upload[]>([]);
  const requests = useRef(new Map<string, XMLHttpRequest>());

  const change = useCallback((localId: string, patch: Partial<Upload>) => {
    setUploads((current) => current.map((upload) => (upload.localId === localId ? { ...upload, ...patch } : upload)));
  }, []);

  const add = useCallback(
    (files: File[]) => {
      const room = FILES_PER_MESSAGE - uploads.length;
      const accepted = files.slice(0, Math.max(0, room));
      const added: Upload[] = accepted.map((file) => ({ localId: crypto.randomUUID(), name: file.name || "pasted-file", size: file.size, progress: 0, status: "uploading" }));
      if (files.length > accepted.length) {
        added.push({ localId: crypto.randomUUID(), name: `${files.length - accepted.length} more`, size: 0, progress: 0, status: "failed", error: `A message can carry at most ${FILES_PER_MESSAGE} files` });
      }
      setUploads((current) => [...current, ...added]);
      accepted.forEach((file, index) => {
        const upload = added[index]!;
        const max = limits.data?.maxFileBytes;
        if (max !== undefined && file.size > max) {
          return change(upload.localId, { status: "failed", error: `Files can be at most ${formatFileSize(max)}; this one is ${formatFileSize(file.size)}.` });
        }
        const request = new XMLHttpRequest();
        requests.current.set(upload.localId, request);
        request.open("POST", `/api/files?channelId=${channelId}&name=${encodeURIComponent(upload.name)}`);
        request.upload.onprogress = (event) => event.lengthComputable && change(upload.localId, { progress: event.loaded / event.total });
        request.onload = () => {
          requests.current.delete(upload.localId);
          let answer: { file?: FileView; error?: string } = {};
          try {
            answer = JSON.parse(request.responseText) as typeof answer;
          } catch {
            // Not JSON: a proxy's error page; the status says enough.
          }
          if (request.status === 201 && answer.file) change(upload.localId, { status: "done", progress: 1, file: revive(answer.file) });
          else change(upload.localId, { status: "failed", error: answer.error ?? `The upload failed (${request.status})` });
        };
        request.onerror = () => {
          requests.current.delete(upload.localId);
          change(upload.localId, { status: "failed", error: "The upload was interrupted; remove it and try again" });
        };
        request.send(file);
      });
    },
    [channelId, change, limits.data?.maxFileBytes, uploads.length],
  );

  /** Cancels an upload under way, or takes a finished or failed one off the draft. */
  const remove = useCallback((localId: string) => {
    requests.current.get(localId)?.abort();
    requests.current.delete(localId);
    setUploads((current) => current.filter((upload) => upload.localId !== localId));
  }, []);

  const clear = useCallback(() => setUploads([]), []);

  // Leaving the conversation abandons its uploads in flight (the server removes unsent files later).
  useEffect(() => {
    const inFlight = requests.current;
    return () => {
      for (const request of inFlight.values()) request.abort();
      inFlight.clear();
    };
  }, [channelId]);

  return {
    uploads,
    add,
    remove,
    clear,
    busy: uploads.some((upload) => upload.status === "uploading"),
    ready: uploads.filter((upload) => upload.status === "done").map((upload) => upload.file!),
  };
}
