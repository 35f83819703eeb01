import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/env";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  /** Where a reply goes (a live-chat conversation's own address), if not back to the sender. */
  replyTo?: string;
}

let transport: Transporter | undefined;

/** Whether SMTP_URL is set: without it nothing is emailed, and the settings that would need email say so. */
export function emailConfigured(): boolean {
  return Boolean(env().SMTP_URL);
}

export async function sendEmail(email: OutgoingEmail): Promise<void> {
  const url = env().SMTP_URL;
  if (!url) throw new Error("Email is not configured (SMTP_URL)");
  transport ??= nodemailer.createTransport(url);
  await transport.sendMail({ from: env().SMTP_FROM, ...email });
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);

/** The same plain layout for every email: a heading, the body's paragraphs and a footer line. */
export function emailHtml(options: { heading: string; bodyHtml: string; footerHtml?: string }): string {
  return `<!doctype html><html><body style="margin:0;background:#f6f7f9;font-family:-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2129">
<div style="max-width:560px;margin:24px auto;background:#fff;border:1px solid #e3e5e8;border-radius:8px;padding:24px">
<h1 style="font-size:18px;margin:0 0 16px">${escapeHtml(options.heading)}</h1>
${options.bodyHtml}
${options.footerHtml ? `<p style="margin-top:24px;font-size:12px;color:#6b7280">${options.footerHtml}</p>` : ""}
</div></body></html>`;
}

/** An absolute link to a page of this server, for emails. */
export const publicLink = (path: string) => `${env().publicUrl}${path}`;
