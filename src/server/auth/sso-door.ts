import type { IncomingMessage, ServerResponse } from "node:http";
import * as oidc from "openid-client";
import { safeCallbackUrl } from "@/shared/urls";
import { connectionById, connectionForEmail, signInWithSso, SsoRefused } from "../actions/sso/sign-in";
import { decryptSecret, encryptSecret } from "./secrets";
import { parseCookies, sessionSetCookie } from "./session-cookie";

export const SSO_START_PATH = "/api/sso/start";
export const SSO_OIDC_CALLBACK_PATH = "/api/sso/oidc/callback";
const FLOW_COOKIE = "confab-sso-flow";
const FLOW_TTL_SECONDS = 10 * 60;

interface Flow {
  connectionId: string;
  verifier: string;
  state: string;
  nonce: string;
  callbackUrl: string;
}

function origin(req: IncomingMessage, trustProxy: boolean) {
  const proto = trustProxy ? String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]?.trim() : "";
  return `${proto || "http"}://${req.headers.host}`;
}

function redirect(res: ServerResponse, location: string, cookies: string[] = []) {
  res.writeHead(302, { location, "cache-control": "no-store", ...(cookies.length && { "set-cookie": cookies }) });
  res.end();
}

/** Every refusal ends on the sign-in page with a sentence, never a stack trace. */
function refuse(res: ServerResponse, message: string) {
  redirect(res, `/signin?sso_error=${encodeURIComponent(message)}`, [`${FLOW_COOKIE}=; Path=/api/sso; Max-Age=0; HttpOnly; SameSite=Lax`]);
}

async function discover(connection: { issuer: string | null; clientId: string | null; clientSecretEncrypted: string | null }) {
  const issuer = new URL(connection.issuer!);
  // Plain http only for an issuer on this machine (development and tests); the settings refuse it elsewhere.
  const insecure = issuer.protocol === "http:" ? { execute: [oidc.allowInsecureRequests] } : undefined;
  return oidc.discovery(issuer, connection.clientId!, decryptSecret(connection.clientSecretEncrypted!), undefined, insecure);
}

/** "Continue with SSO": the work email's domain picks the workspace's identity provider; off to it, with PKCE. */
async function start(req: IncomingMessage, res: ServerResponse, trustProxy: boolean) {
  const url = new URL(req.url ?? "/", "http://localhost");
  const email = url.searchParams.get("email") ?? "";
  try {
    const { connection } = await connectionForEmail(email);
    if (connection.protocol !== "oidc") throw new SsoRefused("This organization signs in with SAML, which this server does not offer yet.");
    const config = await discover(connection);
    const flow: Flow = {
      connectionId: connection.id,
      verifier: oidc.randomPKCECodeVerifier(),
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      callbackUrl: safeCallbackUrl(url.searchParams.get("callbackUrl")),
    };
    const authorize = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${origin(req, trustProxy)}${SSO_OIDC_CALLBACK_PATH}`,
      scope: "openid email profile",
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: "S256",
      state: flow.state,
      nonce: flow.nonce,
      login_hint: email,
    });
    redirect(res, authorize.href, [`${FLOW_COOKIE}=${encryptSecret(JSON.stringify(flow))}; Path=/api/sso; Max-Age=${FLOW_TTL_SECONDS}; HttpOnly; SameSite=Lax`]);
  } catch (error) {
    if (error instanceof SsoRefused) return refuse(res, error.message);
    console.error("[sso] start failed:", error);
    refuse(res, "Your organization's identity provider could not be reached. Try again, or ask your workspace admin.");
  }
}

/** Back from the identity provider: state, nonce, PKCE, issuer and audience checked by openid-client, then signed in. */
async function callback(req: IncomingMessage, res: ServerResponse, trustProxy: boolean) {
  const sealed = parseCookies(req.headers.cookie).get(FLOW_COOKIE);
  let flow: Flow;
  try {
    flow = JSON.parse(decryptSecret(sealed ?? "")) as Flow;
  } catch {
    return refuse(res, "That sign-in link has expired or was opened in another browser. Start again.");
  }
  try {
    const connection = await connectionById(flow.connectionId);
    const config = await discover(connection);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(req.url ?? "/", origin(req, trustProxy)), {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    // Many providers keep email and name for the userinfo endpoint; its subject must match the ID token's.
    const claims = idToken.email ? idToken : { ...idToken, ...(await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub)) };
    const { user, workspaceSlug } = await signInWithSso({
      connectionId: connection.id,
      subject: idToken.sub,
      email: claims.email_verified === false ? undefined : (claims.email as string | undefined),
      name: claims.name as string | undefined,
    });
    const secure = origin(req, trustProxy).startsWith("https:");
    const destination = flow.callbackUrl === "/" ? `/w/${workspaceSlug}` : flow.callbackUrl;
    redirect(res, destination, [await sessionSetCookie(user, secure), `${FLOW_COOKIE}=; Path=/api/sso; Max-Age=0; HttpOnly; SameSite=Lax`]);
  } catch (error) {
    if (error instanceof SsoRefused) return refuse(res, error.message);
    console.error("[sso] sign-in failed:", error);
    refuse(res, "Your identity provider's answer could not be accepted. Start again, or ask your workspace admin.");
  }
}

export function ssoDoor(pathname: string, trustProxy: boolean) {
  if (pathname === SSO_START_PATH) return (req: IncomingMessage, res: ServerResponse) => start(req, res, trustProxy);
  if (pathname === SSO_OIDC_CALLBACK_PATH) return (req: IncomingMessage, res: ServerResponse) => callback(req, res, trustProxy);
  return null;
}
