/** A person's custom status next to their name: the emoji, with the words as its label and tooltip. */
export function StatusEmoji({ status }: { status: { emoji: string | null; text: string | null } | null }) {
  if (!status) return null;
  const label = `Status: ${[status.emoji, status.text].filter(Boolean).join(" ")}`;
  return (
    <span role="img" aria-label={label} title={status.text ?? undefined} className="shrink-0 text-sm leading-none">
      {status.emoji ?? "💬"}
    </span>
  );
}
