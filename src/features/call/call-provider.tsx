"use client";
import { LiveKitRoom, RoomAudioRenderer } from "@livekit/components-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { DisconnectReason } from "livekit-client";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { toast } from "sonner";
import { endedCalls } from "@/client/call-signals";
import { useTRPC } from "@/client/trpc";
import { CallBar } from "./call-bar";

export interface CurrentCall {
  callId: string;
  channelId: string;
  channelLabel: string;
  url: string;
  token: string;
}

interface CallControls {
  configured: boolean;
  current: CurrentCall | null;
  joining: boolean;
  join(channelId: string, channelLabel: string): Promise<void>;
  leave(): void;
}

const CallContext = createContext<CallControls | null>(null);

export function useCall(): CallControls {
  const controls = useContext(CallContext);
  if (!controls) throw new Error("useCall outside a CallProvider");
  return controls;
}

/**
 * The one call this tab is in, kept above the pages so it keeps running (as a compact bar) while the person moves
 * between channels.
 */
export function CallProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const config = useQuery(trpc.calls.config.queryOptions());
  const joinCall = useMutation(trpc.calls.join.mutationOptions());
  const [current, setCurrent] = useState<CurrentCall | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  const join = useCallback(
    async (channelId: string, channelLabel: string) => {
      if (current?.channelId === channelId) return;
      try {
        const granted = await joinCall.mutateAsync({ channelId });
        setFailed(null);
        setCurrent({ callId: granted.callId, channelId, channelLabel, url: granted.url, token: granted.token });
      } catch (error) {
        toast.error((error as Error).message);
      }
    },
    [current?.channelId, joinCall],
  );
  const leave = useCallback(() => {
    setCurrent(null);
    setFailed(null);
  }, []);

  useEffect(
    () =>
      endedCalls.subscribe((callId) => {
        if (callId !== current?.callId) return;
        toast("The call ended");
        leave();
      }),
    [current?.callId, leave],
  );

  const controls = useMemo(
    () => ({ configured: config.data?.configured ?? false, current, joining: joinCall.isPending, join, leave }),
    [config.data?.configured, current, joinCall.isPending, join, leave],
  );
  return (
    <CallContext value={controls}>
      {children}
      {current && (
        <LiveKitRoom
          key={current.callId}
          serverUrl={current.url}
          token={current.token}
          connect
          audio
          video={false}
          onDisconnected={(reason) => {
            // Ended for everyone (last out, or the host): the bar goes. A failed connection keeps it, with the error.
            if (reason === DisconnectReason.ROOM_DELETED || reason === DisconnectReason.PARTICIPANT_REMOVED) leave();
          }}
          onError={(error) => setFailed(error.message)}
          onMediaDeviceFailure={() => toast.error("Your microphone or camera could not be started; check the browser's permissions")}
        >
          <RoomAudioRenderer />
          <CallBar call={current} failure={failed} onLeave={leave} />
        </LiveKitRoom>
      )}
    </CallContext>
  );
}
