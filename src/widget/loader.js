/*
 * Confab live chat: the loader a website includes with one tag,
 *   <script src="https://chat.example.com/widget.js" data-inbox="KEY" async></script>
 * It draws the launcher in a shadow root (the page's CSS cannot reach it) and opens the chat in an iframe
 * served from Confab's origin (the page's script cannot reach into it). The two talk only through postMessage,
 * each checking the other's exact origin and window. Signed-in users: set window.ConfabSettings = { identity:
 * { id, hash, name, email } } before this tag, hash being HMAC-SHA256(identity secret, id) computed on your server.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__confabWidget) return;
  var key = script.getAttribute("data-inbox");
  if (!key) return console.warn("Confab: the widget's script tag needs data-inbox");
  var origin = new URL(script.src, location.href).origin;
  window.__confabWidget = true;
  var OPEN_KEY = "confab-open:" + key;
  // Where the browser blocks the chat frame's own storage (third-party storage), its visitor token is kept here,
  // in the website's storage, and handed back to the frame when it loads.
  var TOKEN_KEY = "confab-visitor:" + key;
  function read(storage, name) {
    try {
      return storage.getItem(name);
    } catch (e) {
      return null;
    }
  }
  function write(storage, name, value) {
    try {
      storage.setItem(name, value);
    } catch (e) {
      /* storage blocked: nothing kept */
    }
  }
  var color = "#4f46e5";

  var host = document.createElement("div");
  host.setAttribute("data-confab-widget", "");
  var root = host.attachShadow({ mode: "open" });
  root.innerHTML =
    "<style>" +
    ":host{all:initial}" +
    ".launcher{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;cursor:pointer;" +
    "box-shadow:0 4px 14px rgba(0,0,0,.25);color:#fff;display:flex;align-items:center;justify-content:center;z-index:2147483000;padding:0}" +
    ".launcher:focus-visible{outline:3px solid #a5b4fc;outline-offset:2px}" +
    ".badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;border-radius:10px;background:#c42b2b;color:#fff;" +
    "font:600 12px/20px system-ui,sans-serif;text-align:center;padding:0 5px;box-sizing:border-box}" +
    ".panel{position:fixed;right:20px;bottom:88px;width:380px;height:min(640px,calc(100vh - 110px));border-radius:12px;overflow:hidden;" +
    "box-shadow:0 8px 30px rgba(0,0,0,.3);z-index:2147483000;background:#fff;display:none}" +
    ".panel.open{display:block}" +
    "iframe{width:100%;height:100%;border:0;display:block}" +
    "@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;height:100dvh;border-radius:0}.panel.open+.launcher{display:none}}" +
    "</style>" +
    '<div class="panel" part="panel"></div>' +
    '<button class="launcher" type="button" aria-label="Open chat" aria-expanded="false">' +
    '<svg width="26" height="26" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">' +
    '<path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"/></svg></button>';
  var panel = root.querySelector(".panel");
  var launcher = root.querySelector(".launcher");
  launcher.style.background = color;

  var frame = document.createElement("iframe");
  frame.title = "Chat";
  frame.src = origin + "/widget/" + encodeURIComponent(key) + "?host=" + encodeURIComponent(location.origin);
  frame.setAttribute("allow", "clipboard-write");
  panel.appendChild(frame);

  function post(message) {
    if (frame.contentWindow) frame.contentWindow.postMessage({ source: "confab-host", message: message }, origin);
  }
  var isOpen = false;
  function setOpen(next) {
    isOpen = next;
    panel.classList.toggle("open", next);
    launcher.setAttribute("aria-expanded", String(next));
    launcher.setAttribute("aria-label", next ? "Close chat" : "Open chat");
    write(sessionStorage, OPEN_KEY, next ? "1" : "");
    post({ type: next ? "open" : "closed" });
    if (next) frame.focus();
  }
  launcher.addEventListener("click", function () {
    setOpen(!isOpen);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && isOpen) setOpen(false);
  });

  function setBadge(count) {
    var badge = launcher.querySelector(".badge");
    if (!count) return badge && badge.remove();
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "badge";
      launcher.appendChild(badge);
    }
    badge.textContent = count > 9 ? "9+" : String(count);
    badge.setAttribute("aria-label", count + " unread");
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.source !== "confab-widget" || !data.message) return;
    var message = data.message;
    if (message.type === "ready") {
      var settings = window.ConfabSettings || {};
      post({ type: "context", pageUrl: location.href, referrer: document.referrer, identity: settings.identity, token: read(localStorage, TOKEN_KEY) });
      if (read(sessionStorage, OPEN_KEY) === "1") setOpen(true);
    } else if (message.type === "token" && typeof message.token === "string") {
      write(localStorage, TOKEN_KEY, message.token);
    } else if (message.type === "close") {
      setOpen(false);
      launcher.focus();
    } else if (message.type === "unread") {
      setBadge(isOpen ? 0 : message.count);
    } else if (message.type === "online" && /^#[0-9a-fA-F]{6}$/.test(message.color)) {
      color = message.color;
      launcher.style.background = color;
    }
  });

  window.Confab = {
    open: function () {
      setOpen(true);
    },
    close: function () {
      setOpen(false);
    },
  };
  (document.body || document.documentElement).appendChild(host);
})();
