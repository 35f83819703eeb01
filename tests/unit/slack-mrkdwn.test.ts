import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MessageMarkdown } from "@/features/messages/markdown";
import { parseMentions } from "@/shared/mentions";
import { emojiForName, replaceShortcodes } from "@/shared/slack/emoji";
import { escapeMarkdown, markdownToMrkdwn, mrkdwnToMarkdown } from "@/shared/slack/mrkdwn";

const ANA = "6f1c2a4e-0000-4000-8000-000000000001";
const users = new Map([["U0ANA", ANA]]);
const channels = new Map([["C0GENERAL", "general"]]);
const resolve = { user: (id: string) => users.get(id), channel: (id: string) => channels.get(id) };
const toSlack = { user: (id: string) => (id === ANA ? "U0ANA" : undefined) };

const md = (text: string) => mrkdwnToMarkdown(text, resolve);
/** What a reader finally sees: the converted text through the message renderer. */
const html = (text: string) => renderToStaticMarkup(createElement(MessageMarkdown, { body: md(text), nameOf: (id: string) => (id === ANA ? "Ana" : undefined) }));

describe("Slack mrkdwn to Confab Markdown", () => {
  it("converts Slack's emphasis to Markdown's", () => {
    expect(md("*bold* _italic_ ~strike~")).toBe("**bold** *italic* ~~strike~~");
    expect(md("*_both_*")).toBe("***both***");
    expect(html("*bold* _italic_ ~strike~")).toMatch(/<strong>bold<\/strong> <em>italic<\/em> <del>strike<\/del>/);
  });

  it("reads emphasis only at word edges, as Slack does", () => {
    expect(md("2*3*4 snake_case_name file~1~")).toBe("2\\*3\\*4 snake\\_case\\_name file\\~1\\~");
    expect(md("* not bold * and *unclosed")).toBe("\\* not bold \\* and \\*unclosed");
    expect(md("(*in parens*)")).toBe("(**in parens**)");
  });

  it("keeps code and preformatted text exactly, on lines of their own for blocks", () => {
    expect(md("run `npm *test*` now")).toBe("run `npm *test*` now");
    expect(md("see ```const a = 1 &lt; 2;\nb()``` here")).toBe("see\n```\nconst a = 1 < 2;\nb()\n```\nhere");
    expect(html("```<b>x</b> *y*```")).toContain("<code>&lt;b&gt;x&lt;/b&gt; *y*\n</code>");
  });

  it("keeps quotes, ending them where Slack ends them", () => {
    expect(md("&gt; quoted\nnot quoted")).toBe("> quoted\n\nnot quoted");
    expect(md("intro\n>>> all\nof this")).toBe("intro\n> all\n> of this");
    expect(html("> quoted")).toContain("<blockquote");
  });

  it("turns Slack links into Markdown links to the same place", () => {
    expect(md("<https://example.com/a_b|the *docs*>")).toBe("[the **docs**](<https://example.com/a_b>)");
    expect(md("<https://example.com>")).toBe("[https://example.com](<https://example.com/>)");
    expect(md("<mailto:ana@example.com|Ana>")).toBe("[Ana](<mailto:ana@example.com>)");
    expect(html("<https://example.com/?a=1&amp;b=2|query>")).toContain('href="https://example.com/?a=1&amp;b=2"');
    expect(html("see https://example.com/a_b_c, then")).toContain('<a href="https://example.com/a_b_c"');
  });

  it("maps people, channels and broadcasts", () => {
    expect(md("<@U0ANA> <@U0BEN|ben> <@U0NOBODY>")).toBe(`<@${ANA}> @ben @unknown`);
    expect(md("in <#C0GENERAL> <#C0RANDOM|random> <#C0SECRET>")).toBe("in #general #random #unknown");
    expect(md("<!here> <!channel> <!everyone> <!subteam^S0DEVS|@devs>")).toBe("@here @channel @everyone @devs");
    expect(md("<!date^1392734382^Posted {date_num}|Posted 2014-02-18>")).toBe("Posted 2014-02-18");
    expect(html("<@U0ANA>")).toContain(">@Ana</span>");
  });

  it("notifies only for Slack's mention tokens, never for text that looks like one", () => {
    expect(parseMentions(md("<!here> <@U0ANA>"))).toEqual({ userIds: [ANA], groupIds: [], everyone: false, here: true });
    expect(parseMentions(md("<!channel>")).everyone).toBe(true);
    expect(parseMentions(md(`@here @channel &lt;@${ANA}&gt; \`&lt;@${ANA}&gt; @here\` <@U0BEN|here>`))).toEqual({ userIds: [], groupIds: [], everyone: false, here: false });
    expect(html("@here")).toContain("@\u2060here");
  });

  it("turns shortcodes into emoji, skin tones included, and leaves unknown ones", () => {
    expect(md(":+1: :tada: :white_check_mark: :wave::skin-tone-3: :man-shrugging:")).toBe("👍 🎉 ✅ 👋🏼 🤷‍♂️");
    expect(md(":thumbsup::skin-tone-6: :smile: :heart:")).toBe("👍🏿 😄 ❤️");
    expect(md(":partyparrot: at 10:30:45")).toBe(":partyparrot: at 10:30:45");
    expect(emojiForName("no_such_emoji")).toBeUndefined();
    expect(replaceShortcodes("ship it :rocket:")).toBe("ship it 🚀");
  });

  it("decodes Slack's three escapes and nothing else", () => {
    expect(html("Tom &amp; Jerry &lt;3 &quot;x&quot;")).toContain("Tom &amp; Jerry &lt;3 &amp;quot;x&amp;quot;");
  });

  it("keeps as text what Markdown would read but Slack does not", () => {
    const text = "**not bold** [x](#y) # not a heading\n- not a list\n1. not numbered\n---\n| a | b |\n    not code\n<b>html</b>";
    const out = html(text);
    expect(out).not.toMatch(/<(strong|a|h\d|ul|ol|li|hr|table|pre|b)\b/);
    expect(out).toContain("**not bold** [x](#y) # not a heading\n- not a list\n1. not numbered\n---\n| a | b |\n\u00a0\u00a0\u00a0\u00a0not code\n&lt;b&gt;html&lt;/b&gt;");
  });

  describe("hostile input", () => {
    it("drops link targets that are not the web or email", () => {
      expect(md("<javascript:alert(1)|x>")).toBe("x");
      expect(html("<javascript:alert(1)|click> <data:text/html,hi|data> <vbscript:x|vb>")).not.toMatch(/href|javascript:|data:|vbscript:/);
      expect(html("<JaVaScRiPt:alert(1)>")).not.toContain("href");
    });

    it("keeps a token inside a label from opening markup", () => {
      const out = html("<https://a.example|<b>> and <https://a.example|<img src=x onerror=alert(1)>>");
      expect(out).not.toMatch(/<b>|<img/);
      expect(out).not.toMatch(/<[^>]+onerror/);
    });

    it("shows HTML as text", () => {
      const out = html("<script>alert(1)</script> &lt;img src=x onerror=alert(2)&gt; &lt;script&gt;alert(3)&lt;/script&gt;");
      expect(out).not.toMatch(/<script|<img/i);
      expect(out).toContain("&lt;script&gt;alert(3)&lt;/script&gt;");
    });

    it("leaves a Markdown link to javascript: literal, with no link", () => {
      const out = html("[x](javascript:alert(1)) [y](https://evil.example/) ![i](https://evil.example/p.png)");
      expect(out).not.toMatch(/href="javascript|<img|>x<\/a>|>y<\/a>/);
      expect(out).toContain("[x](javascript:alert(1)) [y](");
      // Slack links a bare URL too: the target shows as the link's text, so nothing is disguised.
      expect(out).toContain('href="https://evil.example/p.png" target="_blank" rel="noopener noreferrer nofollow" class="text-accent underline-offset-2 hover:underline">https://evil.example/p.png</a>)');
    });

    it("stays fast and shallow on pathological text", () => {
      const started = performance.now();
      md(`${"*a ".repeat(15_000)}\n${"*_~".repeat(5000)}x${"~_*".repeat(5000)}\n${"<".repeat(20_000)}\n${"`".repeat(10_001)}`);
      expect(performance.now() - started).toBeLessThan(2000);
    });
  });
});

describe("escapeMarkdown", () => {
  it("makes plain text render exactly as typed", () => {
    const text = "# 1. *a* _b_ [c](d) <e> & f\n- g\n  h";
    const out = renderToStaticMarkup(createElement(MessageMarkdown, { body: escapeMarkdown(text), nameOf: () => undefined }));
    expect(out).toContain("# 1. *a* _b_ [c](d) &lt;e&gt; &amp; f\n- g\n\u00a0\u00a0h");
  });
});

describe("Confab Markdown to Slack mrkdwn", () => {
  const mrkdwn = (body: string) => markdownToMrkdwn(body, toSlack);

  it("converts marks, links, mentions and broadcasts", () => {
    expect(mrkdwn("**bold** *it* _it_ ~~gone~~ ***both***")).toBe("*bold* _it_ _it_ ~gone~ *_both_*");
    expect(mrkdwn("[docs](https://example.com/a?b=1&c=2) <https://example.com> [bad](javascript:alert(1))")).toBe(
      "<https://example.com/a?b=1&amp;c=2|docs> <https://example.com/> bad",
    );
    expect(mrkdwn(`hi <@${ANA}> and <@6f1c2a4e-0000-4000-8000-00000000dead>, @here @channel`)).toBe("hi <@U0ANA> and @unknown, <!here> <!channel>");
  });

  it("escapes what Slack would read as a token, and keeps code", () => {
    expect(mrkdwn("a < b & c > d")).toBe("a &lt; b &amp; c &gt; d");
    expect(mrkdwn("`x <y>` and\n```ts\nif (a < b) {}\n```")).toBe("`x &lt;y&gt;` and\n```if (a &lt; b) {}```");
    expect(mrkdwn("## Title\n> quote\n- item\n\\*literal\\*")).toBe("*Title*\n> quote\n• item\n*literal*");
  });

  it("gives back what Slack sent, for the common cases", () => {
    for (const text of ["*bold* _italic_ ~strike~ `code`", "*_both_*", "<https://example.com/a|docs> and <@U0ANA>", "<!here> Tom &amp; Jerry &lt;3", "> quoted\n\nafter", "👍 :partyparrot:"]) {
      expect(mrkdwn(md(text))).toBe(text);
    }
  });
});
