"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState } from "react";
import { parseStreamEvents } from "@/shared/events";
import { useConnectionStore } from "./connection";
import { applyServerEvent } from "./dispatcher";
import { DEFAULT_AWAY_AFTER_MS, TAB_ID } from "./presence";
import { useTRPC } from "./trpc";

const INPUT_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"] as const;

function signedOut() {
  const back = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/signin?ended=1&callbackUrl=${encodeURIComponent(back)}`);
}

/**
 * Mounted once per signed-in tab: the tab's single events.stream subscription, feeding the dispatcher, and the tab's
 * say in its person's presence: active while visible and used, idle after `awayAfterMs` without input or when hidden.
 */
export function EventStream({ awayAfterMs = DEFAULT_AWAY_AFTER_MS }: { awayAfterMs?: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const connection = useConnectionStore();
  const { mutate: reportTabState } = useMutation(trpc.presence.setTabState.mutationOptions());
  const [initiallyActive] = useState(() => typeof document === "undefined" || document.visibilityState === "visible");
  const reported = useRef<boolean | null>(initiallyActive);
  const lastInput = useRef(Date.now());

  const evaluate = useRef(() => {});
  evaluate.current = () => {
    const active = document.visibilityState === "visible" && Date.now() - lastInput.current < awayAfterMs;
    if (active === reported.current) return;
    reported.current = active;
    reportTabState({ tabId: TAB_ID, active });
  };

  useSubscription(
    trpc.events.stream.subscriptionOptions(
      { tabId: TAB_ID, active: initiallyActive },
      {
        onData: (tracked) => {
          for (const event of parseStreamEvents(tracked.data)) {
            // A (re)connected stream starts from what the tab said when it first subscribed: say it again as it is now.
            if (event.type === "stream.ready") {
              connection?.streamReady();
              reported.current = initiallyActive;
              evaluate.current();
            }
            // This tab's session was ended (signed out elsewhere, a password change, deactivation): off to sign in.
            if (event.type === "session.ended") return signedOut();
            applyServerEvent(queryClient, trpc, event);
          }
        },
        // A tab that was away when its session ended learns it on reconnecting.
        onError: (error) => {
          if (error.data?.code === "UNAUTHORIZED") signedOut();
        },
      },
    ),
  );

  useEffect(() => {
    const onInput = () => {
      lastInput.current = Date.now();
      if (reported.current === false) evaluate.current();
    };
    const check = () => evaluate.current();
    for (const type of INPUT_EVENTS) window.addEventListener(type, onInput, { passive: true });
    document.addEventListener("visibilitychange", check);
    const timer = window.setInterval(check, Math.min(30_000, Math.max(1000, awayAfterMs / 4)));
    return () => {
      for (const type of INPUT_EVENTS) window.removeEventListener(type, onInput);
      document.removeEventListener("visibilitychange", check);
      window.clearInterval(timer);
    };
  }, [awayAfterMs]);
  return null;
}
