import type { IncomingMessage, ServerResponse } from "node:http";
import * as oidc from "openid-client";
import { safeCallbackUrl } from "@/shared/urls";
import { anonymousActor, runAction } from "../actions/context";
import { recordSamlRequest } from "../actions/sso/record-saml-request";
import { signInWithSso } from "../actions/sso/sign-in-with-sso";
import { db } from "../db/client";
import { readBody } from "./http-body";
import { requestOrigin } from "./origin";
import { connectionById, connectionForEmail, pendingSamlRequest, SsoRefused } from "../queries/sso";
import { CLIENT_IP_HEADER } from "../auth/client-ip";
import { parseIdpMetadata, SAML_REQUEST_TTL_MS, SamlRejected, samlAuthnRequest, samlResponseEnvelope, samlServiceProviderMetadata, validateSamlResponse } from "../auth/saml";
import { decryptSecret, encryptSecret } from "../auth/secrets";
import { parseCookies, sessionSetCookie } from "../auth/session-cookie";
import { log } from "../observability/log";

export const SSO_START_PATH = "/api/sso/start";
export const SSO_OIDC_CALLBACK_PATH = "/api/sso/oidc/callback";
export const SSO_ERROR_PAGE = "/sso/error";
/** /api/sso/saml/<workspace id>/metadata and …/acs: one service provider per workspace. */
const SAML_PATH = /^\/api\/sso\/saml\/([0-9a-f-]{36})\/(metadata|acs)$/;
const SAML_RESPONSE_MAX_BYTES = 512 * 1024;
const FLOW_COOKIE = "confab-sso-flow";
const FLOW_TTL_SECONDS = 10 * 60;

interface Flow {
  connectionId: string;
  verifier: string;
  state: string;
  nonce: string;
  callbackUrl: string;
}


/** Whoever comes through here is not signed in (yet): known to the actions by their address. */
const visitor = (req: IncomingMessage) => anonymousActor(String(req.headers[CLIENT_IP_HEADER] ?? "unknown"));

function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
  res.writeHead(302, { location, "cache-control": "no-store", ...(cookies.length && { "set-cookie": cookies }) });
  res.end();
}

const CLEAR_FLOW_COOKIE = `${FLOW_COOKIE}=; Path=/api/sso; Max-Age=0; HttpOnly; SameSite=Lax`;

/** Every refusal ends on the SSO error page, which says why in a sentence; never a stack trace. */
function refuse(res: ServerResponse, refusal: SsoRefused) {
  const query = new URLSearchParams({ reason: refusal.code, ...(refusal.domain && { domain: refusal.domain }) });
  redirect(res, `${SSO_ERROR_PAGE}?${query}`, [CLEAR_FLOW_COOKIE]);
}

/** A refusal as such, or the unexpected failure logged for the operator and shown as the given refusal. */
function refuseAfter(res: ServerResponse, error: unknown, fallback: SsoRefused, context: string) {
  if (error instanceof SsoRefused) return refuse(res, error);
  log().error({ err: error }, `[sso] ${context}`);
  refuse(res, fallback);
}

/** Signed in: the session cookie, and on to where they were going or their workspace. */
async function signedIn(res: ServerResponse, origin: string, result: Awaited<ReturnType<typeof signInWithSso.run>>, callbackUrl: string) {
  const destination = callbackUrl === "/" ? `/w/${result.workspaceSlug}` : callbackUrl;
  redirect(res, destination, [await sessionSetCookie(result.user, result.sessionId, origin.startsWith("https:")), CLEAR_FLOW_COOKIE]);
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
    const { connection } = await connectionForEmail(db(), email);
    if (connection.protocol === "saml") return await startSaml(req, res, connection, requestOrigin(req, trustProxy), email, safeCallbackUrl(url.searchParams.get("callbackUrl")));
    const config = await discover(connection);
    const flow: Flow = {
      connectionId: connection.id,
      verifier: oidc.randomPKCECodeVerifier(),
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      callbackUrl: safeCallbackUrl(url.searchParams.get("callbackUrl")),
    };
    const authorize = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${requestOrigin(req, trustProxy)}${SSO_OIDC_CALLBACK_PATH}`,
      scope: "openid email profile",
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: "S256",
      state: flow.state,
      nonce: flow.nonce,
      login_hint: email,
    });
    redirect(res, authorize.href, [`${FLOW_COOKIE}=${encryptSecret(JSON.stringify(flow))}; Path=/api/sso; Max-Age=${FLOW_TTL_SECONDS}; HttpOnly; SameSite=Lax`]);
  } catch (error) {
    refuseAfter(res, error, new SsoRefused("idp_unreachable"), "start failed");
  }
}

/**
 * SAML: the AuthnRequest is remembered in the database rather than a cookie, because the IdP posts its answer back
 * cross-site, and browsers do not send SameSite=Lax cookies with that.
 */
async function startSaml(req: IncomingMessage, res: ServerResponse, connection: { id: string; workspaceId: string; idpMetadata: string | null }, origin: string, email: string, callbackUrl: string) {
  const request = await samlAuthnRequest(parseIdpMetadata(connection.idpMetadata!), origin, connection.workspaceId, email);
  await runAction(visitor(req), recordSamlRequest, { id: request.requestId, connectionId: connection.id, callbackUrl, expiresAt: new Date(Date.now() + SAML_REQUEST_TTL_MS) });
  if (request.url) return redirect(res, request.url);
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(request.form);
}

/** The IdP's answer, posted by the person's browser: checked against the request it names, then signed in. */
async function samlAssertionConsumer(req: IncomingMessage, res: ServerResponse, workspaceId: string, trustProxy: boolean) {
  try {
    const body = req.method === "POST" ? await readBody(req, SAML_RESPONSE_MAX_BYTES) : null;
    const samlResponse = body === null ? null : new URLSearchParams(body).get("SAMLResponse");
    if (!samlResponse) throw new SsoRefused("unsolicited");
    const requestId = samlResponseEnvelope(samlResponse).inResponseTo;
    // An answer nobody here asked for (IdP-initiated, or for an expired or used request) is refused outright.
    if (!requestId) throw new SsoRefused("unsolicited");
    const { request, connection } = await pendingSamlRequest(db(), requestId, workspaceId);
    const here = requestOrigin(req, trustProxy);
    const vouched = await validateSamlResponse(parseIdpMetadata(connection.idpMetadata!), here, workspaceId, request, samlResponse);
    const result = await runAction(visitor(req), signInWithSso, {
      connectionId: connection.id,
      subject: vouched.subject,
      email: vouched.email,
      name: vouched.name,
      saml: { requestId: request.id, assertionId: vouched.assertionId, replayGuardUntil: vouched.replayGuardUntil },
      userAgent: String(req.headers["user-agent"] ?? ""),
    });
    await signedIn(res, here, result, request.callbackUrl);
  } catch (error) {
    if (error instanceof SamlRejected) {
      log().warn({ code: error.code, reason: error.message }, "[sso] SAML response refused");
      return refuse(res, new SsoRefused(error.code));
    }
    refuseAfter(res, error, new SsoRefused("not_accepted"), "SAML sign-in failed");
  }
}

async function samlMetadata(req: IncomingMessage, res: ServerResponse, workspaceId: string, trustProxy: boolean) {
  let metadata: string;
  try {
    metadata = await samlServiceProviderMetadata(requestOrigin(req, trustProxy), workspaceId);
  } catch (error) {
    log().error({ err: error }, "[sso] SAML metadata failed");
    res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    return void res.end("The service provider metadata is unavailable; the server log says why.");
  }
  res.writeHead(200, { "content-type": "application/samlmetadata+xml; charset=utf-8", "cache-control": "no-store" });
  res.end(metadata);
}

/** Back from the identity provider: state, nonce, PKCE, issuer and audience checked by openid-client, then signed in. */
async function callback(req: IncomingMessage, res: ServerResponse, trustProxy: boolean) {
  const sealed = parseCookies(req.headers.cookie).get(FLOW_COOKIE);
  let flow: Flow;
  try {
    flow = JSON.parse(decryptSecret(sealed ?? "")) as Flow;
  } catch {
    return refuse(res, new SsoRefused("flow_expired"));
  }
  try {
    const connection = await connectionById(db(), flow.connectionId);
    const config = await discover(connection);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(req.url ?? "/", requestOrigin(req, trustProxy)), {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    // Many providers keep email and name for the userinfo endpoint; its subject must match the ID token's.
    const claims = idToken.email ? idToken : { ...idToken, ...(await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub)) };
    const result = await runAction(visitor(req), signInWithSso, {
      connectionId: connection.id,
      subject: idToken.sub,
      email: claims.email_verified === false ? undefined : (claims.email as string | undefined),
      name: claims.name as string | undefined,
      userAgent: String(req.headers["user-agent"] ?? ""),
    });
    await signedIn(res, requestOrigin(req, trustProxy), result, flow.callbackUrl);
  } catch (error) {
    refuseAfter(res, error, new SsoRefused("not_accepted"), "OIDC sign-in failed");
  }
}

export function ssoDoor(pathname: string, trustProxy: boolean) {
  if (pathname === SSO_START_PATH) return (req: IncomingMessage, res: ServerResponse) => start(req, res, trustProxy);
  if (pathname === SSO_OIDC_CALLBACK_PATH) return (req: IncomingMessage, res: ServerResponse) => callback(req, res, trustProxy);
  const saml = SAML_PATH.exec(pathname);
  if (saml?.[2] === "metadata") return (req: IncomingMessage, res: ServerResponse) => samlMetadata(req, res, saml[1]!, trustProxy);
  if (saml?.[2] === "acs") return (req: IncomingMessage, res: ServerResponse) => samlAssertionConsumer(req, res, saml[1]!, trustProxy);
  return null;
}
