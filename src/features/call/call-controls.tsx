"use client";
import { useMutation } from "@tanstack/react-query";
import { Headphones, PhoneIncoming } from "lucide-react";
import { useEffect } from "react";
import { toast } from "sonner";
import { ringingStore, useRinging } from "@/client/call-signals";
import { useTRPC } from "@/client/trpc";
import { Avatar } from "@/components/avatar";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { CALLS_NOT_CONFIGURED } from "@/shared/calls";
import { usePeople } from "../messages/use-people";
import { useCall } from "./call-provider";
import { useActiveCalls } from "./use-active-calls";

/** One click from any channel or DM header: start a huddle, or join the one going on. */
export function CallButton({ channelId, channelLabel, disabledReason }: { channelId: string; channelLabel: string; disabledReason?: string | null }) {
  const call = useCall();
  const active = useActiveCalls().data?.find((candidate) => candidate.channelId === channelId);
  const inThisCall = call.current?.channelId === channelId;
  const reason = !call.configured ? CALLS_NOT_CONFIGURED : disabledReason;
  const label = inThisCall ? "You are in this call" : active ? "Join the call" : "Start a call";
  return (
    <button
      type="button"
      onClick={() => void call.join(channelId, channelLabel)}
      disabled={Boolean(reason) || inThisCall || call.joining}
      aria-label={reason ? `${label}: ${reason}` : label}
      title={reason ?? label}
      className="flex h-8 items-center gap-1.5 rounded-md border border-border px-2 text-sm text-muted hover:bg-surface-2 hover:text-text disabled:cursor-not-allowed disabled:opacity-60"
    >
      <Headphones size={14} aria-hidden="true" />
      <span className="hidden sm:inline">{inThisCall ? "In call" : active ? "Join" : "Call"}</span>
    </button>
  );
}

/** Under a channel's header while a call goes on in it: who is in it, and a way in. */
export function CallBanner({ channelId, channelLabel }: { channelId: string; channelLabel: string }) {
  const call = useCall();
  const { people } = usePeople();
  const active = useActiveCalls().data?.find((candidate) => candidate.channelId === channelId);
  if (!active) return null;
  const names = active.participantIds.map((userId) => people.get(userId)?.name ?? "Someone");
  const inThisCall = call.current?.channelId === channelId;
  return (
    <div role="region" aria-label="Call in progress" className="flex items-center gap-3 border-b border-border bg-success/10 px-5 py-2 text-sm">
      <Headphones size={16} aria-hidden="true" className="text-success" />
      <span className="flex -space-x-1.5">
        {active.participantIds.slice(0, 4).map((userId) => (
          <Avatar key={userId} name={people.get(userId)?.name ?? "?"} image={people.get(userId)?.image} size={22} className="ring-2 ring-bg" />
        ))}
      </span>
      <span className="min-w-0 flex-1 truncate">
        {names.length === 0 ? "A call is starting" : `${names.join(", ")} ${names.length === 1 ? "is" : "are"} in a call`}
      </span>
      {!inThisCall && (
        <Button className="h-7 px-3 text-xs" disabled={!call.configured || call.joining} onClick={() => void call.join(channelId, channelLabel)}>
          Join
        </Button>
      )}
    </div>
  );
}

/** A DM call ringing for this person: accept, decline, or let it stop after the ring time. */
export function IncomingCall() {
  const trpc = useTRPC();
  const ringing = useRinging();
  const call = useCall();
  const { people } = usePeople();
  const decline = useMutation(trpc.calls.decline.mutationOptions({ onError: (error) => void toast.error(error.message) }));
  useEffect(() => {
    if (!ringing?.call.ringUntil) return;
    const timer = window.setTimeout(() => ringingStore.stop(ringing.call.id), Math.max(0, ringing.call.ringUntil.getTime() - Date.now()));
    return () => window.clearTimeout(timer);
  }, [ringing]);
  const caller = ringing ? (people.get(ringing.callerId)?.name ?? "Someone") : "";
  return (
    <Dialog open={Boolean(ringing)} onOpenChange={(open) => !open && ringing && ringingStore.stop(ringing.call.id)} title={`${caller} is calling you`}>
      <div className="flex flex-col items-center gap-4 py-2">
        <span className="relative">
          <Avatar name={caller || "?"} image={ringing ? people.get(ringing.callerId)?.image : null} size={72} />
          <PhoneIncoming size={20} aria-hidden="true" className="absolute -bottom-1 -right-1 animate-pulse rounded-full bg-success p-1 text-white motion-reduce:animate-none" />
        </span>
        <div className="flex gap-3">
          <Button
            variant="ghost"
            onClick={() => {
              if (!ringing) return;
              decline.mutate({ callId: ringing.call.id });
              ringingStore.stop(ringing.call.id);
            }}
          >
            Decline
          </Button>
          <Button
            disabled={!call.configured}
            onClick={() => {
              if (!ringing) return;
              ringingStore.stop(ringing.call.id);
              void call.join(ringing.call.channelId, caller);
            }}
          >
            Accept
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
