"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { toast } from "sonner";
import { endedCalls } from "@/client/call-signals";
import { useTRPC } from "@/client/trpc";

// Loaded on joining a call (see call-room.tsx); never rendered on the server, where there is no call to be in.
const CallRoom = dynamic(() => import("./call-room").then((module) => module.CallRoom), { ssr: false });

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
      {current && <CallRoom key={current.callId} call={current} failure={failed} onFailed={setFailed} onLeave={leave} />}
    </CallContext>
  );
}
