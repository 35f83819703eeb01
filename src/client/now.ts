"use client";
import { useSyncExternalStore } from "react";

const TICK_MS = 15_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: number | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (timer === undefined) {
    timer = window.setInterval(() => {
      now = Date.now();
      for (const each of listeners) each();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The time, refreshed every 15 s for everything on the page at once: what makes expired statuses disappear. */
export function useNow(): Date {
  return new Date(useSyncExternalStore(subscribe, () => now, () => now));
}
