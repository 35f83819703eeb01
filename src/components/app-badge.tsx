const tag = "rounded bg-surface-2 px-1 text-[10px] font-semibold uppercase leading-4 tracking-wide text-muted";

/** Marks an app's bot wherever it shows as a person (messages, member lists), as Slack's APP tag does. */
export function AppBadge() {
  return <span className={tag}>App</span>;
}

/** "Guest", "Deactivated" beside a person's name, wherever they show. */
export function PersonMark({ mark }: { mark: string }) {
  return <span className={tag}>{mark}</span>;
}
