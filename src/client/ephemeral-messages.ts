import { useSyncExternalStore } from "react";
import type { EphemeralMessage } from "@/shared/messages";

/**
 * Messages only this person sees (a command's answer), kept in this tab until dismissed or reloaded, as Slack keeps
 * them. An answer can arrive twice (as a command's result and on the person's stream): it is kept once.
 */
let messages: EphemeralMessage[] = [];
const listeners = new Set<() => void>();

function update(next: EphemeralMessage[]) {
  messages = next;
  for (const listener of listeners) listener();
}

export const ephemeralMessages = {
  current: (): EphemeralMessage[] => messages,
  add(message: EphemeralMessage) {
    if (!messages.some((held) => held.id === message.id)) update([...messages, message]);
  },
  dismiss(id: string) {
    update(messages.filter((message) => message.id !== id));
  },
};

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

const none: EphemeralMessage[] = [];

export function useEphemeralMessages(): EphemeralMessage[] {
  return useSyncExternalStore(subscribe, ephemeralMessages.current, () => none);
}
