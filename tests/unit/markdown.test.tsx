import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MessageMarkdown } from "@/features/messages/markdown";

const names = new Map([["6f1c2a4e-0000-4000-8000-000000000001", "Ana"]]);
const html = (body: string) => renderToStaticMarkup(<MessageMarkdown body={body} nameOf={(id) => names.get(id)} />);

describe("message Markdown", () => {
  it("highlights fenced code in a named language", () => {
    const out = html("```ts\nconst answer: number = 42;\n```");
    expect(out).toContain('class="hljs language-ts"');
    expect(out).toContain('<span class="hljs-keyword">const</span>');
    expect(out).toContain('<span class="hljs-number">42</span>');
  });

  it("leaves code in an unknown or unnamed language as plain text", () => {
    expect(html("```nosuchlang\nx <y>\n```")).toContain('<code class="language-nosuchlang">x &lt;y&gt;\n</code>');
    expect(html("```\nplain\n```")).toMatch(/<pre[^>]*><code>plain\n<\/code><\/pre>/);
  });

  it("renders emphasis, strike, quotes, lists and bare URLs", () => {
    const out = html("**bold** _it_ ~~gone~~ `x`\n\n> quoted\n\n- one\n- two\n\nsee https://example.com/a");
    expect(out).toContain("<strong>bold</strong>");
    expect(out).toContain("<em>it</em>");
    expect(out).toContain("<del>gone</del>");
    expect(out).toContain("<blockquote");
    expect(out).toMatch(/<ul[^>]*>\s*<li>one<\/li>\s*<li>two<\/li>/);
    expect(out).toContain('href="https://example.com/a"');
  });

  it("never turns message text into markup or script", () => {
    const out = html('<img src=x onerror=alert(1)> <script>alert(2)</script> [click](javascript:alert(3))');
    expect(out).not.toMatch(/<img|<script|javascript:/i);
    expect(out).toContain("&lt;script&gt;");
  });

  it("shows a mention as a chip with the person's current name", () => {
    expect(html("hi <@6f1c2a4e-0000-4000-8000-000000000001>")).toContain(">@Ana</span>");
  });
});
