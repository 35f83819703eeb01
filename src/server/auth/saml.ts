import { readFile } from "node:fs/promises";
import path from "node:path";
import { type CacheProvider, generateServiceProviderMetadata, type Profile, SAML, ValidateInResponseTo } from "@node-saml/node-saml";
import { DOMParser } from "@xmldom/xmldom";
import { env } from "@/env";
import type { SsoRefusalCode } from "@/shared/sso";

const METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
const BINDINGS = {
  redirect: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
  post: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
} as const;

/** How long an AuthnRequest may wait for its answer, and how far apart our clock and the IdP's may be. */
export const SAML_REQUEST_TTL_MS = 10 * 60_000;
const CLOCK_SKEW_MS = 60_000;

export interface IdpMetadata {
  entityId: string;
  ssoUrl: string;
  binding: "HTTP-Redirect" | "HTTP-POST";
  certificates: string[];
}

/** Metadata that cannot be used, with a sentence for the admin who gave it. */
export class InvalidMetadata extends Error {}

function parseXml(xml: string) {
  const errors: string[] = [];
  const doc = new DOMParser({ errorHandler: (level, message) => void (level !== "warning" && errors.push(String(message))) }).parseFromString(xml, "text/xml");
  return errors.length || !doc?.documentElement ? null : doc;
}

/** The parts of an IdP's metadata Confab needs: its entity ID, where to send people, and the certificates it signs with. */
export function parseIdpMetadata(xml: string): IdpMetadata {
  const doc = parseXml(xml);
  const descriptor = doc && Array.from(doc.getElementsByTagNameNS(METADATA_NS, "EntityDescriptor"))[0];
  if (!descriptor) throw new InvalidMetadata("That is not SAML metadata: there is no EntityDescriptor in it.");
  const idp = Array.from(descriptor.getElementsByTagNameNS(METADATA_NS, "IDPSSODescriptor"))[0];
  if (!idp) throw new InvalidMetadata("That metadata describes no identity provider (no IDPSSODescriptor).");
  const entityId = descriptor.getAttribute("entityID")?.trim();
  if (!entityId) throw new InvalidMetadata("That metadata has no entityID.");
  const services = Array.from(idp.getElementsByTagNameNS(METADATA_NS, "SingleSignOnService"));
  const service = services.find((s) => s.getAttribute("Binding") === BINDINGS.redirect) ?? services.find((s) => s.getAttribute("Binding") === BINDINGS.post);
  const ssoUrl = service?.getAttribute("Location")?.trim();
  if (!service || !ssoUrl || !/^https?:\/\//.test(ssoUrl)) throw new InvalidMetadata("That metadata has no single sign-on URL with the HTTP-Redirect or HTTP-POST binding.");
  const certificates = Array.from(idp.getElementsByTagNameNS(METADATA_NS, "KeyDescriptor"))
    .filter((key) => (key.getAttribute("use") ?? "signing") === "signing")
    .flatMap((key) => Array.from(key.getElementsByTagNameNS(DSIG_NS, "X509Certificate")))
    .map((cert) => (cert.textContent ?? "").replace(/\s+/g, ""))
    .filter(Boolean);
  if (certificates.length === 0) throw new InvalidMetadata("That metadata has no signing certificate, and Confab accepts only signed assertions.");
  return { entityId, ssoUrl, binding: service.getAttribute("Binding") === BINDINGS.redirect ? "HTTP-Redirect" : "HTTP-POST", certificates };
}

const METADATA_FETCH_TIMEOUT_MS = 10_000;
const METADATA_MAX_BYTES = 1024 * 1024;

/** An IdP's metadata from its URL (admins often get a URL rather than a file). */
export async function fetchIdpMetadata(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(METADATA_FETCH_TIMEOUT_MS), redirect: "follow" });
  } catch {
    throw new InvalidMetadata(`The metadata URL could not be reached: ${url}`);
  }
  if (!response.ok) throw new InvalidMetadata(`The metadata URL answered ${response.status}: ${url}`);
  const body = await response.text();
  if (body.length > METADATA_MAX_BYTES) throw new InvalidMetadata("The metadata at that URL is too large.");
  return body;
}

/** What the IdP is given for a workspace: one SP for all its SAML connections, so it can be shown before any exists. */
export function samlServiceProvider(origin: string, workspaceId: string) {
  const base = `${origin}/api/sso/saml/${workspaceId}`;
  return { entityId: `${base}/metadata`, metadataUrl: `${base}/metadata`, acsUrl: `${base}/acs` };
}

export const SAML_ENCRYPTION_KEY_FILE = "saml-encryption-key.pem";
export const SAML_ENCRYPTION_CERT_FILE = "saml-encryption-cert.pem";

interface EncryptionKeys {
  privateKey: string;
  certificate: string;
}

/**
 * The key pair IdPs may encrypt assertions to, when the operator put one in the data folder: a certificate, because
 * IdPs take the key from an X509Certificate in our metadata, and Confab issues no certificates itself. Read on every
 * use, so a renewed pair needs no restart. Without one, assertions must come unencrypted.
 */
async function encryptionKeys(): Promise<EncryptionKeys | null> {
  const read = (name: string) =>
    readFile(path.join(env().dataDir, name), "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    });
  const [privateKey, certificate] = await Promise.all([read(SAML_ENCRYPTION_KEY_FILE), read(SAML_ENCRYPTION_CERT_FILE)]);
  if (privateKey && certificate) return { privateKey, certificate };
  if (privateKey || certificate) throw new Error(`SAML encryption needs both ${SAML_ENCRYPTION_KEY_FILE} and ${SAML_ENCRYPTION_CERT_FILE} in the data folder`);
  return null;
}

export async function samlServiceProviderMetadata(origin: string, workspaceId: string): Promise<string> {
  const sp = samlServiceProvider(origin, workspaceId);
  const keys = await encryptionKeys();
  return generateServiceProviderMetadata({
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    identifierFormat: null,
    wantAssertionsSigned: true,
    ...(keys && { decryptionPvk: keys.privateKey, decryptionCert: keys.certificate }),
  });
}

/**
 * node-saml configured for one connection and one request: signatures from the metadata's certificates only,
 * assertions signed, audience = our entity ID, issuer = the IdP's entity ID, InResponseTo required and known.
 */
function samlClient(metadata: IdpMetadata, origin: string, workspaceId: string, requests: CacheProvider, keys: EncryptionKeys | null = null) {
  const sp = samlServiceProvider(origin, workspaceId);
  return new SAML({
    issuer: sp.entityId,
    audience: sp.entityId,
    callbackUrl: sp.acsUrl,
    entryPoint: metadata.ssoUrl,
    authnRequestBinding: metadata.binding,
    idpIssuer: metadata.entityId,
    idpCert: metadata.certificates,
    // The assertion must carry its own signature; a signed envelope around an unsigned assertion is not enough.
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    ...(keys && { decryptionPvk: keys.privateKey }),
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: SAML_REQUEST_TTL_MS,
    cacheProvider: requests,
    // Let the IdP pick the NameID format and authentication method: asking for specific ones breaks some IdPs (MFA).
    identifierFormat: null,
    disableRequestedAuthnContext: true,
  });
}

/** Starts a sign-in: the URL (or auto-submitting form) that takes the person to the IdP, and the request's ID. */
export async function samlAuthnRequest(metadata: IdpMetadata, origin: string, workspaceId: string, loginHint: string) {
  let requestId = "";
  const remember: CacheProvider = {
    saveAsync: async (key, value) => {
      requestId = key;
      return { value, createdAt: Date.now() };
    },
    getAsync: async () => null,
    removeAsync: async () => null,
  };
  const client = samlClient(metadata, origin, workspaceId, remember);
  const options = { additionalParams: { login_hint: loginHint } };
  if (metadata.binding === "HTTP-POST") return { form: await client.getAuthorizeFormAsync("", undefined, options), requestId };
  return { url: await client.getAuthorizeUrlAsync("", undefined, options), requestId };
}

/**
 * The unsigned envelope of a posted response, read before any checking: InResponseTo only picks the pending request to
 * check against, and Destination must name our ACS URL when present.
 */
export function samlResponseEnvelope(samlResponse: string) {
  const doc = parseXml(Buffer.from(samlResponse, "base64").toString("utf8"));
  const response = doc && Array.from(doc.getElementsByTagNameNS(PROTOCOL_NS, "Response"))[0];
  return { inResponseTo: response?.getAttribute("InResponseTo") || null, destination: response?.getAttribute("Destination") || null };
}

export class SamlRejected extends Error {
  constructor(readonly code: SsoRefusalCode, reason: string) {
    super(reason);
  }
}

function rejectionCode(message: string): SsoRefusalCode {
  if (/signature/i.test(message)) return "unsigned";
  if (/audience/i.test(message)) return "wrong_audience";
  if (/InResponseTo/i.test(message)) return "unsolicited";
  if (/expired|not yet valid|subject confirmation/i.test(message)) return "expired";
  if (/SAML provider returned/i.test(message)) return "idp_declined";
  return "not_accepted";
}

type XmlNode = { $?: Record<string, string>; _?: string; [child: string]: unknown };
const children = (node: XmlNode | undefined, name: string) => (node?.[name] as XmlNode[] | undefined) ?? [];

/** First value of an attribute whichever of its usual names the IdP uses (Entra, Okta, Google, ADFS, LDAP OIDs). */
function attribute(profile: Profile, names: string[]): string | undefined {
  const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
  for (const name of names) {
    const value = attributes[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string" && first.trim()) return first.trim();
  }
  return undefined;
}

/**
 * Checks a posted SAMLResponse for the pending request it names: node-saml checks signature, issuer, audience,
 * timestamps and InResponseTo; the recipient and destination it leaves to us. Returns who the IdP vouched for.
 */
export async function validateSamlResponse(
  metadata: IdpMetadata,
  origin: string,
  workspaceId: string,
  request: { id: string; createdAt: Date },
  samlResponse: string,
) {
  const pending: CacheProvider = {
    saveAsync: async () => null,
    getAsync: async (key) => (key === request.id ? request.createdAt.toISOString() : null),
    // Used up in the sign-in transaction instead, so a refused response leaves nothing changed.
    removeAsync: async () => null,
  };
  const sp = samlServiceProvider(origin, workspaceId);
  // Outside the try: a half-configured key pair is the operator's to fix, not a refusal of the IdP's answer.
  const client = samlClient(metadata, origin, workspaceId, pending, await encryptionKeys());
  let profile: Profile | null;
  try {
    ({ profile } = await client.validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch (error) {
    const message = (error as Error).message;
    throw new SamlRejected(rejectionCode(message), message);
  }
  if (!profile) throw new SamlRejected("not_accepted", "No assertion in the response");
  const { destination } = samlResponseEnvelope(samlResponse);
  if (destination && destination !== sp.acsUrl) throw new SamlRejected("wrong_recipient", `Destination ${destination}`);
  const assertion = (profile.getAssertion?.() as { Assertion?: XmlNode } | undefined)?.Assertion;
  const confirmations = children(children(assertion, "Subject")[0], "SubjectConfirmation").flatMap((c) => children(c, "SubjectConfirmationData"));
  const recipients = confirmations.map((data) => data.$?.Recipient).filter(Boolean);
  if (!recipients.includes(sp.acsUrl)) throw new SamlRejected("wrong_recipient", `Recipient ${recipients.join(", ") || "missing"}`);
  const assertionId = assertion?.$?.ID;
  if (!assertionId) throw new SamlRejected("not_accepted", "Assertion without an ID");
  const notOnOrAfter = [children(assertion, "Conditions")[0]?.$?.NotOnOrAfter, ...confirmations.map((data) => data.$?.NotOnOrAfter)]
    .map((value) => (value ? Date.parse(value) : NaN))
    .filter((value) => Number.isFinite(value));
  const firstName = attribute(profile, ["firstName", "givenName", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", "urn:oid:2.5.4.42"]);
  const lastName = attribute(profile, ["lastName", "surname", "sn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", "urn:oid:2.5.4.4"]);
  const email =
    attribute(profile, ["email", "mail", "emailAddress", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "urn:oid:0.9.2342.19200300.100.1.3"]) ??
    (/emailAddress$/.test(profile.nameIDFormat ?? "") ? profile.nameID : undefined);
  return {
    subject: profile.nameID,
    email,
    name:
      attribute(profile, ["displayName", "name", "http://schemas.microsoft.com/identity/claims/displayname", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "urn:oid:2.16.840.1.113730.3.1.241"]) ??
      ([firstName, lastName].filter(Boolean).join(" ") || undefined),
    assertionId,
    // Kept at least as long as the assertion could be replayed, clock skew included.
    replayGuardUntil: new Date(Math.max(Date.now() + SAML_REQUEST_TTL_MS, ...notOnOrAfter) + CLOCK_SKEW_MS),
  };
}

