import { createRoot } from "react-dom/client";
import { WidgetApp } from "./app";

/**
 * The widget page's entry: /widget/<inbox key>, with ?host=<website origin> when a website's loader frames it, or
 * ?resume=<visitor token>&conversation=<id> when opened from an email (the token is taken off the address at once).
 */
const url = new URL(window.location.href);
const inboxKey = decodeURIComponent(url.pathname.split("/")[2] ?? "");
const resumeToken = url.searchParams.get("resume");
if (resumeToken) {
  url.searchParams.delete("resume");
  window.history.replaceState(null, "", url);
}
createRoot(document.getElementById("confab-widget")!).render(
  <WidgetApp inboxKey={inboxKey} hostOrigin={url.searchParams.get("host")} resumeToken={resumeToken} resumeConversation={url.searchParams.get("conversation")} />,
);
