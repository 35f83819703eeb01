import { simpleParser } from "mailparser";
import { VISITOR_MESSAGE_MAX } from "@/shared/support";

/**
 * What an email reply to a conversation says: the token from its plus address (support+<token>@…), the new text
 * without the quoted email below it, and its Message-ID (so a mail server delivering twice posts once).
 */
export async function readEmailReply(raw: string | Buffer): Promise<{ replyToken: string; text: string; messageId: string } | null> {
  const mail = await simpleParser(raw);
  const recipients = [mail.to, mail.cc]
    .flatMap((field) => (Array.isArray(field) ? field : field ? [field] : []))
    .flatMap((field) => field.value.map((entry) => entry.address ?? ""));
  const delivered = [mail.headers.get("delivered-to"), mail.headers.get("x-original-to")].flatMap((value) => (typeof value === "string" ? [value] : []));
  const replyToken = [...delivered, ...recipients].map((address) => /\+([A-Za-z0-9_-]{16,})@/.exec(address)?.[1]).find(Boolean);
  if (!replyToken) return null;
  const text = withoutQuote(mail.text ?? "").slice(0, VISITOR_MESSAGE_MAX);
  if (!text) return null;
  return { replyToken, text, messageId: (mail.messageId ?? `${replyToken}-${Date.now()}`).slice(0, 64) };
}

/** The reply above the quoted email: lines from the first "On … wrote:" or quote marker on are the old email. */
export function withoutQuote(text: string): string {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const end = lines.findIndex((line, index) => /^>/.test(line) || /^On .+ wrote:\s*$/.test(line) || (/^On /.test(line) && /wrote:\s*$/.test(lines[index + 1] ?? "")) || /^-{2,}\s*Original Message\s*-{2,}/i.test(line) || /^_{5,}$/.test(line));
  return (end === -1 ? lines : lines.slice(0, end)).join("\n").trim();
}
