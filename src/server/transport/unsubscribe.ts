import type { IncomingMessage, ServerResponse } from "node:http";
import { anonymousActor, runAction } from "../actions/context";
import { unsubscribeFromEmail } from "../actions/notifications/unsubscribe-from-email";
import { UNSUBSCRIBE_PATH, UNSUBSCRIBE_PURPOSE } from "../actions/notifications/unsubscribe-link";
import { userIdFromSignedToken } from "../auth/account-tokens";
import { CLIENT_IP_HEADER } from "../auth/client-ip";
import { readBody } from "./http-body";
import { escapeHtml } from "../email/mailer";
import { log } from "../observability/log";

export { UNSUBSCRIBE_PATH };

function page(res: ServerResponse, status: number, heading: string, bodyHtml: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-robots-tag": "noindex" });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(heading)} · Confab</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1d2129}@media(prefers-color-scheme:dark){body{background:#16181d;color:#e6e8eb}}button{font:inherit;padding:.5rem 1rem;border-radius:.375rem;border:0;background:#4f46e5;color:#fff;cursor:pointer}a{color:#6366f1}</style>
</head><body><h1>${escapeHtml(heading)}</h1>${bodyHtml}</body></html>`);
}

/**
 * The link in every missed-activity email, working without a session: GET shows a button (mail scanners follow
 * links, and must not unsubscribe anyone), POST unsubscribes: the button, and mail clients' one-click
 * unsubscribe of RFC 8058, which posts "List-Unsubscribe=One-Click".
 */
export async function unsubscribeDoor(req: IncomingMessage, res: ServerResponse) {
  const token = new URL(req.url ?? "/", "http://localhost").searchParams.get("token") ?? "";
  const userId = userIdFromSignedToken(token, UNSUBSCRIBE_PURPOSE);
  if (!userId) return page(res, 400, "This link is not valid", "<p>Open the link from the email again, or change your email settings in Confab under Profile → Notifications.</p>");
  if (req.method === "GET") {
    return page(
      res,
      200,
      "Stop notification emails?",
      `<p>You will no longer get emails about messages you missed. You can turn them on again in Confab under Profile → Notifications.</p>
<form method="post" action="${UNSUBSCRIBE_PATH}?token=${escapeHtml(encodeURIComponent(token))}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
    );
  }
  if (req.method !== "POST") return page(res, 405, "Not allowed", "<p>Use the button on the page the link opens.</p>");
  await readBody(req, 4096);
  try {
    const { alreadyOff } = await runAction(anonymousActor(String(req.headers[CLIENT_IP_HEADER] ?? "unknown")), unsubscribeFromEmail, { token });
    page(res, 200, alreadyOff ? "You were already unsubscribed" : "You are unsubscribed", "<p>No more emails about missed messages. Turn them on again in Confab under Profile → Notifications.</p>");
  } catch (error) {
    log().error({ err: error }, "[email] unsubscribe failed");
    page(res, 500, "That did not work", "<p>Try again in a moment.</p>");
  }
}
