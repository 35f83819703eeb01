"use client";
import { describeTyping, useTypingUsers } from "@/client/typing";

/** The line under a composer that says who else is writing here. */
export function TypingIndicator({ channelId, threadRootId, nameOf }: { channelId: string; threadRootId: string | null; nameOf: (userId: string) => string | undefined }) {
  const names = useTypingUsers(channelId, threadRootId).map((userId) => nameOf(userId) ?? "Someone");
  return (
    <p aria-live="polite" className="h-5 truncate px-1 pt-1 text-xs text-muted">
      {describeTyping(names)}
    </p>
  );
}
