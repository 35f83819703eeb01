import type { Element, ElementContent, Root } from "hast";
import { common, createLowlight } from "lowlight";

// One highlighter for the page. rehype-highlight builds (and registers ~40 grammars into) a new one each time a
// Markdown processor is made, which react-markdown does per message: that cost was most of each scroll hitch.
const lowlight = createLowlight(common);

function languageOf(code: Element): string | null {
  const classes = code.properties.className;
  if (!Array.isArray(classes)) return null;
  for (const value of classes) {
    const name = String(value);
    if (name.startsWith("language-")) return name.slice("language-".length).toLowerCase();
  }
  return null;
}

function textOf(node: ElementContent): string {
  if (node.type === "text") return node.value;
  return node.type === "element" ? node.children.map(textOf).join("") : "";
}

function highlightBlocks(parent: Root | Element) {
  for (const child of parent.children) {
    if (child.type !== "element") continue;
    const code = child.tagName === "pre" ? child.children.find((node): node is Element => node.type === "element" && node.tagName === "code") : undefined;
    const language = code && languageOf(code);
    if (code && language && lowlight.registered(language)) {
      code.properties.className = ["hljs", ...(code.properties.className as string[])];
      code.children = lowlight.highlight(language, code.children.map(textOf).join("")).children as ElementContent[];
    } else {
      highlightBlocks(child);
    }
  }
}

/** Rehype plugin: fenced code blocks that name a known language get highlight.js's classes (no guessing). */
export function highlightCode() {
  return highlightBlocks;
}
