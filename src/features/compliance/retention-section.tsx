"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { Button } from "@/components/button";
import { Section } from "@/components/settings-section";
import { RETENTION_CHOICES, retentionLabel } from "@/shared/retention";
import { formatFull } from "../common/format";
import { useMyChannels } from "../common/use-my-channels";
import { useWorkspaceMembers } from "../common/use-workspace-members";
import { useCurrentWorkspace } from "../common/workspace-context";

const selectClass = "h-8 rounded-md border border-border bg-bg px-2 text-sm";

/** Settings → Data retention: how long messages and files are kept, per workspace and per channel, and legal holds. */
export function RetentionSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workspace = useCurrentWorkspace();
  const settings = useQuery(trpc.retention.settings.queryOptions({ workspaceId: workspace.id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.retention.settings.queryKey({ workspaceId: workspace.id }) });
  const onError = (cause: { message: string }) => void toast.error(cause.message);
  const update = useMutation(trpc.workspaces.update.mutationOptions({ onSuccess: () => void refresh(), onError }));
  const setChannel = useMutation(trpc.retention.setChannel.mutationOptions({ onSuccess: () => void refresh(), onError }));
  const placeHold = useMutation(trpc.retention.placeHold.mutationOptions({ onSuccess: () => void refresh(), onError }));
  const releaseHold = useMutation(trpc.retention.releaseHold.mutationOptions({ onSuccess: () => void refresh(), onError }));
  const channels = useMyChannels();
  const members = useWorkspaceMembers();
  const [overrideChannel, setOverrideChannel] = useState("");
  const [overrideDays, setOverrideDays] = useState("0");
  const [holdTarget, setHoldTarget] = useState("");
  const [holdReason, setHoldReason] = useState("");
  const conversations = (channels.data ?? []).filter((channel) => channel.kind === "public" || channel.kind === "private");
  const data = settings.data;
  if (!data) return null;

  return (
    <Section title="Data retention" description="Messages and their files past their retention are deleted by a daily job. Legal holds stop it for a person or a channel.">
      <div className="flex flex-col gap-4 text-sm">
        <label className="flex flex-col gap-1">
          <span className="font-medium">Keep messages and files</span>
          <select
            className={`${selectClass} w-fit`}
            value={String(data.days ?? "")}
            onChange={(event) => update.mutate({ workspaceId: workspace.id, retentionDays: event.target.value ? Number(event.target.value) : null })}
          >
            {RETENTION_CHOICES.map((days) => (
              <option key={String(days)} value={String(days ?? "")}>
                {retentionLabel(days)}
              </option>
            ))}
          </select>
          <span className="text-muted">{data.lastRunAt ? `Last run ${formatFull(data.lastRunAt)}.` : "Not run yet."}</span>
        </label>

        <div className="flex flex-col gap-2">
          <span className="font-medium">Channels with their own setting</span>
          {data.overrides.length > 0 && (
            <ul aria-label="Channel retention" className="divide-y divide-border rounded-md border border-border">
              {data.overrides.map((override) => (
                <li key={override.channelId} className="flex items-center gap-3 px-3 py-1.5">
                  <span className="flex-1">
                    #{override.name}: {retentionLabel(override.days)}
                  </span>
                  <Button variant="ghost" className="h-7" onClick={() => setChannel.mutate({ channelId: override.channelId, days: null })}>
                    Use the workspace's
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <div className="flex flex-wrap gap-2">
            <select aria-label="Channel" className={selectClass} value={overrideChannel} onChange={(event) => setOverrideChannel(event.target.value)}>
              <option value="">Choose a channel…</option>
              {conversations.map((channel) => (
                <option key={channel.id} value={channel.id}>
                  #{channel.name}
                </option>
              ))}
            </select>
            <select aria-label="Keep for" className={selectClass} value={overrideDays} onChange={(event) => setOverrideDays(event.target.value)}>
              {RETENTION_CHOICES.map((days) => (
                <option key={String(days)} value={String(days ?? 0)}>
                  {retentionLabel(days)}
                </option>
              ))}
            </select>
            <Button variant="secondary" className="h-8" disabled={!overrideChannel} onClick={() => setChannel.mutate({ channelId: overrideChannel, days: Number(overrideDays) })}>
              Set for channel
            </Button>
          </div>
        </div>

        <div className="flex flex-col gap-2">
          <span className="font-medium">Legal holds</span>
          {data.holds.length > 0 && (
            <ul aria-label="Legal holds" className="divide-y divide-border rounded-md border border-border">
              {data.holds.map((hold) => (
                <li key={hold.id} className="flex items-center gap-3 px-3 py-1.5">
                  <span className="flex-1">
                    {hold.kind === "channel" ? `#${hold.channelName ?? "?"}` : (hold.personName ?? "?")}
                    {hold.reason && <span className="text-muted"> · {hold.reason}</span>}
                    <span className="text-muted"> · since {formatFull(hold.createdAt)}</span>
                  </span>
                  <Button variant="ghost" className="h-7" onClick={() => releaseHold.mutate({ holdId: hold.id })}>
                    Release
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <div className="flex flex-wrap gap-2">
            <select aria-label="Hold for" className={selectClass} value={holdTarget} onChange={(event) => setHoldTarget(event.target.value)}>
              <option value="">Choose a person or channel…</option>
              <optgroup label="People">
                {(members.data ?? []).filter((member) => !member.isBot).map((member) => (
                  <option key={member.userId} value={`user:${member.userId}`}>
                    {member.name}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Channels">
                {conversations.map((channel) => (
                  <option key={channel.id} value={`channel:${channel.id}`}>
                    #{channel.name}
                  </option>
                ))}
              </optgroup>
            </select>
            <input aria-label="Reason" placeholder="Reason (optional)" value={holdReason} onChange={(event) => setHoldReason(event.target.value)} className={`${selectClass} min-w-40 flex-1`} maxLength={500} />
            <Button
              variant="secondary"
              className="h-8"
              disabled={!holdTarget}
              onClick={() => {
                const [kind, targetId] = holdTarget.split(":") as ["user" | "channel", string];
                placeHold.mutate({ workspaceId: workspace.id, kind, targetId, reason: holdReason }, { onSuccess: () => (setHoldTarget(""), setHoldReason("")) });
              }}
            >
              Place hold
            </Button>
          </div>
        </div>
      </div>
    </Section>
  );
}
