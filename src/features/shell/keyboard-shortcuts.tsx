"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Dialog } from "@/components/dialog";
import { isConversation } from "../channel/channel-label";
import { useMyChannels } from "../common/use-my-channels";
import { useCurrentWorkspace } from "../common/workspace-context";

const SHORTCUTS: Array<[string, string]> = [
  ["Ctrl/Cmd + K", "Jump to a channel or person"],
  ["Alt + ↑ / ↓", "Previous / next channel"],
  ["Alt + Shift + ↑ / ↓", "Previous / next unread channel"],
  ["Enter", "Send"],
  ["Shift + Enter", "New line"],
  ["↑ in an empty box", "Edit your last message"],
  ["Esc", "Close the thread or panel; otherwise mark the channel read"],
  ["Ctrl/Cmd + Shift + \\", "React to the newest message"],
  ["Ctrl/Cmd + Shift + Space", "Mute or unmute yourself in a call"],
  ["?", "This list"],
];

function typingInField(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return Boolean(element && (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName)));
}

/** Workspace-wide keys: channel navigation in sidebar order, and "?" for the list of shortcuts. */
export function KeyboardShortcuts({ currentChannelId }: { currentChannelId: string | null }) {
  const router = useRouter();
  const workspace = useCurrentWorkspace();
  const channels = useMyChannels();
  const [helpOpen, setHelpOpen] = useState(false);

  useEffect(() => {
    const ordered = [...(channels.data ?? []).filter((c) => !isConversation(c.kind)), ...(channels.data ?? []).filter((c) => isConversation(c.kind))];
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "?" && !typingInField(event.target) && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        setHelpOpen(true);
        return;
      }
      if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown") || ordered.length === 0) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      const start = Math.max(0, ordered.findIndex((channel) => channel.id === currentChannelId));
      for (let offset = 1; offset <= ordered.length; offset++) {
        const candidate = ordered[(start + step * offset + ordered.length * offset) % ordered.length]!;
        if (!event.shiftKey || candidate.unreadCount > 0 || candidate.mentionCount > 0) {
          router.push(`/w/${workspace.slug}/c/${candidate.id}`);
          return;
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [channels.data, currentChannelId, router, workspace.slug]);

  return (
    <Dialog open={helpOpen} onOpenChange={setHelpOpen} title="Keyboard shortcuts">
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys} className="contents">
            <dt>
              <kbd className="rounded border border-border bg-surface px-1.5 py-0.5 font-sans text-xs">{keys}</kbd>
            </dt>
            <dd className="text-muted">{what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
