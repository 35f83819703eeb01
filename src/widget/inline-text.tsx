import type { ReactNode } from "react";

const TOKEN = /(\*\*[^*\n]+\*\*|`[^`\n]+`|\*[^*\n]+\*|_[^_\n]+_|https?:\/\/[^\s<]+[^\s<.,;:!?)\]'"])/g;

/**
 * A message's text as the widget shows it: bold, italics, code and links, built as elements (never as HTML), so
 * nothing anyone writes can run in the widget. The app's full Markdown renderer would be most of the widget's weight.
 */
export function InlineText({ text }: { text: string }) {
  const lines = text.split("\n");
  return lines.map((line, lineIndex) => (
    <span key={lineIndex}>
      {lineIndex > 0 && <br />}
      {line.split(TOKEN).map((part, index) => styled(part, index))}
    </span>
  ));
}

function styled(part: string, key: number): ReactNode {
  if (part.startsWith("**") && part.endsWith("**") && part.length > 4) return <strong key={key}>{part.slice(2, -2)}</strong>;
  if (part.startsWith("`") && part.endsWith("`") && part.length > 2) return <code key={key} className="rounded bg-black/5 px-1 text-[0.9em] dark:bg-white/10">{part.slice(1, -1)}</code>;
  if (/^[*_].+[*_]$/.test(part) && part.length > 2 && part[0] === part[part.length - 1]) return <em key={key}>{part.slice(1, -1)}</em>;
  if (/^https?:\/\//.test(part)) {
    return (
      <a key={key} href={part} target="_blank" rel="noopener noreferrer nofollow" className="underline underline-offset-2">
        {part}
      </a>
    );
  }
  return part;
}
