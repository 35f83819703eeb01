import { lookup } from "node:dns/promises";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { env } from "@/env";

/** A fetch the server makes on a user's behalf that it refused or could not finish; the reason is for logs and tests. */
export class FetchRefused extends Error {}

export const FETCH_TIMEOUT_MS = 5000;
const MAX_REDIRECTS = 5;

/** Only addresses on the public internet: no loopback, private, link-local (cloud metadata), CGNAT, multicast, … */
function isPublic(address: string): boolean {
  const parsed = ipaddr.process(address);
  return parsed.range() === "unicast";
}

function allowedByTestSetting(hostname: string, address: string, port: string) {
  const allowed = env().OUTBOUND_UNSAFE_ALLOW;
  return allowed.includes(`${hostname}:${port}`) || allowed.includes(`${address}:${port}`);
}

const portOf = (url: URL) => url.port || (url.protocol === "https:" ? "443" : "80");

/** The test-only setting lets a test's own server on loopback stand in for a public one, over plain http too. */
export function allowedForTests(url: URL): boolean {
  return env().OUTBOUND_UNSAFE_ALLOW.includes(`${url.hostname.replace(/^\[|\]$/g, "")}:${portOf(url)}`);
}

/** The address to connect to, checked after DNS resolution: every address the name has must be public. */
export async function vettedAddress(url: URL): Promise<{ address: string; family: number }> {
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const port = portOf(url);
  const addresses = ipaddr.isValid(hostname) ? [{ address: hostname, family: hostname.includes(":") ? 6 : 4 }] : await lookup(hostname, { all: true }).catch(() => []);
  if (addresses.length === 0) throw new FetchRefused(`${hostname} does not resolve`);
  for (const { address } of addresses) {
    if (!isPublic(address) && !allowedByTestSetting(hostname, address, port)) throw new FetchRefused(`${hostname} resolves to a non-public address (${address})`);
  }
  return addresses[0]!;
}

export interface FetchedPage {
  url: URL;
  contentType: string;
  body: Buffer;
}

/**
 * GET a URL a user gave us without letting them reach our network: http(s) only; the host's addresses checked after
 * resolution and the connection pinned to the checked address (no DNS rebinding); every redirect checked the same way;
 * five seconds in all; at most maxBytes read.
 */
export async function safeFetch(target: string, options: { maxBytes: number; accept: string }): Promise<FetchedPage> {
  const deadline = Date.now() + FETCH_TIMEOUT_MS;
  let url = new URL(target);
  for (let redirects = 0; ; redirects++) {
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new FetchRefused(`${url.protocol} is not fetched`);
    const pinned = await vettedAddress(url);
    const response = await request(url, pinned, { method: "GET", headers: { accept: options.accept, "user-agent": "ConfabLinkPreview/1.0 (+https://github.com/confab)" } }, deadline);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.destroy();
      if (redirects >= MAX_REDIRECTS) throw new FetchRefused("Too many redirects");
      url = new URL(response.headers.location, url);
      continue;
    }
    if (status !== 200) {
      response.destroy();
      throw new FetchRefused(`Answered ${status}`);
    }
    return { url, contentType: String(response.headers["content-type"] ?? ""), body: await readAtMost(response, options.maxBytes, deadline) };
  }
}

/**
 * POST to a URL someone handed us (a push service's endpoint, an app's request URL), with the same guard as
 * safeFetch and no redirects followed; the answer's status and its first few KB (push services explain refusals
 * there), or more for a caller that reads the answer (a slash command's reply), within a shorter time if it says so.
 */
export async function safePost(
  target: string,
  headers: Record<string, string | number>,
  body: Buffer,
  limits: { timeoutMs?: number; maxAnswerBytes?: number } = {},
): Promise<{ status: number; body: string; contentType: string }> {
  const deadline = Date.now() + (limits.timeoutMs ?? FETCH_TIMEOUT_MS);
  const url = new URL(target);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && allowedForTests(url))) throw new FetchRefused(`${url.protocol} is not reached`);
  const pinned = await vettedAddress(url);
  const response = await request(url, pinned, { method: "POST", headers: { ...headers, "content-length": body.length }, body }, deadline);
  const contentType = String(response.headers["content-type"] ?? "");
  return { status: response.statusCode ?? 0, body: (await readAtMost(response, limits.maxAnswerBytes ?? 4096, deadline)).toString("utf8"), contentType };
}

interface Outgoing {
  method: "GET" | "POST";
  headers: Record<string, string | number>;
  body?: Buffer;
}

function request(url: URL, pinned: { address: string; family: number }, outgoing: Outgoing, deadline: number): Promise<IncomingMessage> {
  const pinnedLookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    // No pooled sockets: one kept alive for a host name would skip this request's vetted, pinned address.
    const req = client.request(url, { method: outgoing.method, lookup: pinnedLookup, headers: outgoing.headers, agent: false }, resolve);
    req.on("error", reject);
    req.end(outgoing.body);
    // Until the response starts; reading its body has its own timer against the same deadline.
    const timer = setTimeout(() => req.destroy(new FetchRefused("Timed out")), Math.max(1, deadline - Date.now()));
    req.on("response", () => clearTimeout(timer));
    req.on("close", () => clearTimeout(timer));
  });
}

async function readAtMost(response: IncomingMessage, maxBytes: number, deadline: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  const timer = setTimeout(() => response.destroy(new FetchRefused("Timed out")), Math.max(1, deadline - Date.now()));
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      const room = maxBytes - length;
      chunks.push(chunk.subarray(0, room));
      length += Math.min(chunk.length, room);
      if (length >= maxBytes) break;
    }
  } finally {
    clearTimeout(timer);
    response.destroy();
  }
  return Buffer.concat(chunks);
}
