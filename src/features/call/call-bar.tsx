"use client";
import * as Popover from "@radix-ui/react-popover";
import { useConnectionQualityIndicator, useConnectionState, useLocalParticipant, useMediaDeviceSelect, useParticipants, useTrackToggle } from "@livekit/components-react";
import { ConnectionQuality, ConnectionState, Track } from "livekit-client";
import { Maximize2, Mic, MicOff, MonitorUp, MonitorX, PhoneOff, Settings2, Signal, Video, VideoOff } from "lucide-react";
import { type ReactNode, useEffect, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { toast } from "sonner";
import { useTRPC } from "@/client/trpc";
import { cn } from "@/components/cn";
import { isWorkspaceAdmin } from "@/shared/workspaces";
import { useCurrentWorkspace } from "../common/workspace-context";
import { useActiveCalls } from "./use-active-calls";
import type { CurrentCall } from "./call-provider";
import { CallStage } from "./call-stage";

const STATE_LABELS: Record<ConnectionState, string> = {
  [ConnectionState.Connecting]: "Connecting…",
  [ConnectionState.Connected]: "Connected",
  [ConnectionState.Reconnecting]: "Reconnecting…",
  [ConnectionState.SignalReconnecting]: "Reconnecting…",
  [ConnectionState.Disconnected]: "Not connected",
};

const QUALITY_LABELS: Record<ConnectionQuality, string> = {
  [ConnectionQuality.Excellent]: "Excellent connection",
  [ConnectionQuality.Good]: "Good connection",
  [ConnectionQuality.Poor]: "Poor connection",
  [ConnectionQuality.Lost]: "Connection lost",
  [ConnectionQuality.Unknown]: "Connection quality unknown",
};

function ControlButton({ label, active, danger, onClick, disabled, children }: { label: string; active?: boolean; danger?: boolean; onClick: () => void; disabled?: boolean; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-pressed={active}
      disabled={disabled}
      onClick={onClick}
      className={cn(
        "flex h-8 w-7 items-center justify-center rounded-md disabled:opacity-50",
        danger ? "bg-danger text-white hover:opacity-90 dark:text-bg" : active ? "bg-surface-2 text-text" : "text-muted hover:bg-surface-2 hover:text-text",
      )}
    >
      {children}
    </button>
  );
}

function DevicePicker({ kind, label }: { kind: MediaDeviceKind; label: string }) {
  const { devices, activeDeviceId, setActiveMediaDevice } = useMediaDeviceSelect({ kind, requestPermissions: false });
  return (
    <label className="flex flex-col gap-1 text-xs font-medium">
      {label}
      <select value={activeDeviceId} onChange={(event) => void setActiveMediaDevice(event.target.value)} className="h-8 rounded-md border border-border bg-bg px-2 text-sm font-normal">
        {devices.length === 0 && <option value="">No devices found</option>}
        {devices.map((device) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label || `${label} ${device.deviceId.slice(0, 6)}`}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The compact call bar: where the call is, how the connection is, and the controls (microphone, camera, screen,
 * devices, the full view, leave). Ctrl/Cmd+Shift+Space toggles the microphone from anywhere.
 */
export function CallBar({ call, failure, onLeave }: { call: CurrentCall; failure: string | null; onLeave: () => void }) {
  const state = useConnectionState();
  const participants = useParticipants();
  const { localParticipant } = useLocalParticipant();
  const { quality } = useConnectionQualityIndicator({ participant: localParticipant });
  const microphone = useTrackToggle({ source: Track.Source.Microphone });
  const camera = useTrackToggle({ source: Track.Source.Camera });
  const screen = useTrackToggle({ source: Track.Source.ScreenShare, captureOptions: { audio: true, selfBrowserSurface: "exclude" } });
  const [stageOpen, setStageOpen] = useState(false);
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const me = useQuery(trpc.users.me.queryOptions());
  const startedBy = useActiveCalls().data?.find((candidate) => candidate.id === call.callId)?.startedBy;
  const canEnd = isWorkspaceAdmin(workspace.role) || (me.data !== undefined && startedBy === me.data?.id);
  const endCall = useMutation(trpc.calls.end.mutationOptions({ onError: (error) => void toast.error(error.message) }));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.code !== "Space" || !event.shiftKey || !(event.ctrlKey || event.metaKey)) return;
      event.preventDefault();
      void microphone.toggle();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [microphone]);

  const connected = state === ConnectionState.Connected;
  return (
    <>
      <section aria-label="Call" className="fixed bottom-3 left-3 right-3 z-30 rounded-lg border border-border bg-bg p-2 shadow-xl md:right-auto md:left-[72px] md:w-[244px]">
        <div className="flex items-center gap-2 px-1">
          <span className={cn("h-2 w-2 shrink-0 rounded-full", connected ? "bg-success" : failure ? "bg-danger" : "animate-pulse bg-warning")} aria-hidden="true" />
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-semibold">{call.channelLabel}</p>
            <p role="status" className="truncate text-xs text-muted">
              {failure ? `Could not connect: ${failure}` : connected ? `${participants.length} in the call` : STATE_LABELS[state]}
            </p>
          </div>
          {connected && (
            <span role="img" aria-label={QUALITY_LABELS[quality]} title={QUALITY_LABELS[quality]} className={quality === ConnectionQuality.Poor || quality === ConnectionQuality.Lost ? "text-danger" : "text-success"}>
              <Signal size={14} aria-hidden="true" />
            </span>
          )}
        </div>
        <div className="mt-2 flex items-center gap-0.5" role="toolbar" aria-label="Call controls">
          <ControlButton label={microphone.enabled ? "Mute microphone" : "Unmute microphone"} active={microphone.enabled} onClick={() => void microphone.toggle()} disabled={microphone.pending}>
            {microphone.enabled ? <Mic size={16} aria-hidden="true" /> : <MicOff size={16} aria-hidden="true" />}
          </ControlButton>
          <ControlButton label={camera.enabled ? "Turn camera off" : "Turn camera on"} active={camera.enabled} onClick={() => void camera.toggle()} disabled={camera.pending}>
            {camera.enabled ? <Video size={16} aria-hidden="true" /> : <VideoOff size={16} aria-hidden="true" />}
          </ControlButton>
          <ControlButton label={screen.enabled ? "Stop sharing your screen" : "Share your screen"} active={screen.enabled} onClick={() => void screen.toggle()} disabled={screen.pending || !connected}>
            {screen.enabled ? <MonitorX size={16} aria-hidden="true" /> : <MonitorUp size={16} aria-hidden="true" />}
          </ControlButton>
          <Popover.Root>
            <Popover.Trigger aria-label="Devices" title="Devices" className="flex h-8 w-7 items-center justify-center rounded-md text-muted hover:bg-surface-2 hover:text-text">
              <Settings2 size={16} aria-hidden="true" />
            </Popover.Trigger>
            <Popover.Portal>
              <Popover.Content side="top" sideOffset={8} className="z-50 flex w-64 flex-col gap-3 rounded-md border border-border bg-bg p-3 shadow-lg">
                <DevicePicker kind="audioinput" label="Microphone" />
                <DevicePicker kind="videoinput" label="Camera" />
                <DevicePicker kind="audiooutput" label="Speaker" />
              </Popover.Content>
            </Popover.Portal>
          </Popover.Root>
          <ControlButton label="Open the call" onClick={() => setStageOpen(true)}>
            <Maximize2 size={16} aria-hidden="true" />
          </ControlButton>
          <span className="ml-auto" />
          <ControlButton label="Leave call" danger onClick={onLeave}>
            <PhoneOff size={16} aria-hidden="true" />
          </ControlButton>
        </div>
      </section>
      <CallStage
        open={stageOpen}
        onOpenChange={setStageOpen}
        title={call.channelLabel}
        onEndForEveryone={canEnd ? () => endCall.mutate({ callId: call.callId }, { onSuccess: onLeave }) : undefined}
      />
    </>
  );
}
