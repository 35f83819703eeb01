import type { PresenceStatus } from "@/shared/presence";
import { Avatar } from "./avatar";
import { cn } from "./cn";

const LABELS: Record<PresenceStatus, string> = { active: "Active", away: "Away", offline: "Offline" };

export function presenceLabel(presence: PresenceStatus, dnd: boolean): string {
  return dnd ? `${LABELS[presence]}, notifications paused` : LABELS[presence];
}

/** A presence dot: filled green when active, hollow when away or offline, red with a bar while notifications are paused. */
export function PresenceDot({ presence, dnd, className }: { presence: PresenceStatus; dnd: boolean; className?: string }) {
  return (
    <span
      role="img"
      aria-label={presenceLabel(presence, dnd)}
      title={presenceLabel(presence, dnd)}
      className={cn(
        "inline-flex h-2.5 w-2.5 shrink-0 items-center justify-center rounded-full ring-2 ring-[var(--ring-bg,var(--bg))]",
        dnd ? "bg-danger" : presence === "active" ? "bg-success" : "border-2 border-muted bg-[var(--ring-bg,var(--bg))]",
        presence === "offline" && !dnd && "opacity-60",
        className,
      )}
    >
      {dnd && <span className="h-0.5 w-1.5 rounded bg-white" />}
    </span>
  );
}

export function PresenceAvatar(props: { name: string; image?: string | null; size?: number; presence: PresenceStatus; dnd: boolean; className?: string }) {
  return (
    <span className={cn("relative inline-flex shrink-0", props.className)}>
      <Avatar name={props.name} image={props.image} size={props.size} />
      <PresenceDot presence={props.presence} dnd={props.dnd} className="absolute -bottom-0.5 -right-0.5" />
    </span>
  );
}
