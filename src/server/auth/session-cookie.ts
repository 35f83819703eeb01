import { decode, encode } from "next-auth/jwt";
import { env } from "@/env";
import { SESSION_MAX_AGE_SECONDS, sessionStillValid } from "./session-validity";

// Auth.js names its cookie by whether the site is served over HTTPS; whichever is present is the one it set.
const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

/**
 * A Set-Cookie header that signs the person in exactly as a password sign-in through next-auth does (same JWT,
 * cookie name and lifetime), for sign-ins that finish outside next-auth (SSO).
 */
export async function sessionSetCookie(user: { id: string; name: string; email: string; image: string | null }, sessionId: string, secure: boolean): Promise<string> {
  const name = secure ? SESSION_COOKIES[0] : SESSION_COOKIES[1];
  const token = await encode({
    token: { sub: user.id, name: user.name, email: user.email, picture: user.image, sid: sessionId },
    secret: env().AUTH_SECRET,
    salt: name,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  return `${name}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE_SECONDS}${secure ? "; Secure" : ""}`;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header?.split(";") ?? []) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    try {
      cookies.set(name, decodeURIComponent(part.slice(index + 1).trim()));
    } catch {
      // A cookie that is not valid percent-encoding is not ours.
    }
  }
  return cookies;
}

/**
 * Decoded session tokens, briefly: decrypting one (JWE, with its key derivation) costs about a millisecond, which
 * every HTTP call would pay again for the same cookie. An entry lives at most a minute and never past the token's
 * own expiry.
 */
const decoded = new Map<string, CookieSession & { issuedAt: number | undefined; until: number }>();
const DECODED_TTL_MS = 60_000;
const DECODED_MAX = 10_000;

/** Who a session cookie signs in, and which session row it is (none for a token from before session rows). */
export interface CookieSession {
  userId: string;
  sessionId: string | undefined;
}

async function sessionFromToken(token: string, salt: string): Promise<CookieSession | null> {
  const cached = decoded.get(token);
  if (cached && cached.until > Date.now()) {
    return (await sessionStillValid(cached.userId, cached.issuedAt, cached.sessionId)) ? { userId: cached.userId, sessionId: cached.sessionId } : null;
  }
  const payload = await decode({ token, secret: env().AUTH_SECRET, salt });
  const sessionId = typeof payload?.sid === "string" ? payload.sid : undefined;
  if (!payload?.sub || !(await sessionStillValid(payload.sub, payload.iat, sessionId))) return null;
  if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
  decoded.set(token, {
    userId: payload.sub,
    sessionId,
    issuedAt: payload.iat,
    until: Math.min(Date.now() + DECODED_TTL_MS, typeof payload.exp === "number" ? payload.exp * 1000 : Number.POSITIVE_INFINITY),
  });
  return { userId: payload.sub, sessionId };
}

/**
 * The signed-in session from a request's Cookie header, for the custom server's doors (tRPC over HTTP and WebSocket,
 * files), where next-auth's auth() cannot run because it lives inside Next's request handling.
 */
export async function sessionFromCookieHeader(header: string | undefined): Promise<CookieSession | null> {
  const cookies = parseCookies(header);
  for (const name of SESSION_COOKIES) {
    // Large sessions are split into name.0, name.1, …
    let token = cookies.get(name);
    if (!token) {
      const chunks: string[] = [];
      for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
      token = chunks.join("") || undefined;
    }
    if (!token) continue;
    try {
      const session = await sessionFromToken(token, name);
      if (session) return session;
    } catch {
      // Expired, tampered with, or signed by an older secret: treated as signed out.
    }
  }
  return null;
}

export async function userIdFromCookieHeader(header: string | undefined): Promise<string | null> {
  return (await sessionFromCookieHeader(header))?.userId ?? null;
}
