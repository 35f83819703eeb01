import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inflateRawSync } from "node:zlib";
import { DOMParser } from "@xmldom/xmldom";
import { generate } from "selfsigned";
import { SignedXml } from "xml-crypto";

/**
 * A SAML 2.0 identity provider for tests, on loopback, with its own key pair: it publishes metadata, takes
 * HTTP-Redirect AuthnRequests, shows a sign-in form, and posts signed assertions back, as a real IdP does. `respond`
 * builds answers directly, including the hostile ones a test needs (wrong audience, expired, …), from XML of its own.
 */

export interface AuthnRequest {
  id: string;
  acsUrl: string;
  spEntityId: string;
}

export interface Person {
  email: string;
  name: string;
  /** The NameID; by default derived from the email (a persistent identifier would be stable across renames). */
  subject?: string;
}

/** What an IdP can be configured (or its clock set) to get wrong, so any implementation can be asked for it. */
export interface Misconduct {
  signWithAnotherKey?: boolean;
  audience?: string;
  recipient?: string;
  /** Seconds from now: validity window of the assertion (defaults: issued now, good for 5 minutes). */
  notBefore?: number;
  notOnOrAfter?: number;
}

export interface Tampering extends Misconduct {
  assertionId?: string;
  /** Leave InResponseTo out of SubjectConfirmationData (the Response still carries it). */
  bareSubjectConfirmation?: boolean;
}

/** What the SAML tests need of an IdP, so that the same cases run against ours and against one we did not write. */
export interface TestIdp {
  name: string;
  entityId(): string;
  metadataXml(): string;
  metadataUrl(): string;
  ssoUrl(): string;
  /** The AuthnRequest the app sent the browser here with, as this IdP reads it. */
  readRequest(redirectUrl: string): Promise<AuthnRequest>;
  /** A base64 SAMLResponse answering `request` for `person`, its assertion signed. */
  respond(request: AuthnRequest, person: Person, misconduct?: Misconduct): Promise<string>;
  listen(): Promise<void>;
  close(): Promise<void>;
}

const xmlEscape = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const pemBody = (pem: string) => pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
const iso = (secondsFromNow: number) => new Date(Date.now() + secondsFromNow * 1000).toISOString();

export async function keyPair(commonName: string) {
  const pems = await generate([{ name: "commonName", value: commonName }], { keySize: 2048, algorithm: "sha256" });
  return { privateKey: pems.private, cert: pems.cert };
}

function decodeAuthnRequest(redirectUrl: string): AuthnRequest {
  const encoded = new URL(redirectUrl).searchParams.get("SAMLRequest");
  if (!encoded) throw new Error(`No SAMLRequest in ${redirectUrl}`);
  const doc = new DOMParser().parseFromString(inflateRawSync(Buffer.from(encoded, "base64")).toString("utf8"), "text/xml");
  const request = doc.documentElement!;
  return {
    id: request.getAttribute("ID")!,
    acsUrl: request.getAttribute("AssertionConsumerServiceURL")!,
    spEntityId: request.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Issuer")[0]!.textContent!,
  };
}

export async function samlIdp() {
  const [key, otherKey] = await Promise.all([keyPair("Confab test IdP"), keyPair("Someone else")]);
  let server: Server | null = null;
  let origin = "";

  const entityId = () => `${origin}/idp`;
  const metadataXml = () => `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId()}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="false">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${pemBody(key.cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${origin}/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

  async function respond(request: AuthnRequest, person: Person, tamper: Tampering = {}): Promise<string> {
    const assertionId = tamper.assertionId ?? `_a${randomUUID()}`;
    const notBefore = iso(tamper.notBefore ?? -5);
    const notOnOrAfter = iso(tamper.notOnOrAfter ?? 300);
    const recipient = tamper.recipient ?? request.acsUrl;
    const subjectInResponseTo = tamper.bareSubjectConfirmation ? "" : ` InResponseTo="${xmlEscape(request.id)}"`;
    const assertion =
      `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" Version="2.0" IssueInstant="${iso(0)}">` +
      `<saml:Issuer>${xmlEscape(entityId())}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${xmlEscape(person.subject ?? person.email)}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${subjectInResponseTo} NotOnOrAfter="${notOnOrAfter}" Recipient="${xmlEscape(recipient)}"/></saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${xmlEscape(tamper.audience ?? request.spEntityId)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${iso(0)}" SessionIndex="_s${randomUUID()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      `<saml:AttributeStatement>` +
      `<saml:Attribute Name="email"><saml:AttributeValue>${xmlEscape(person.email)}</saml:AttributeValue></saml:Attribute>` +
      `<saml:Attribute Name="displayName"><saml:AttributeValue>${xmlEscape(person.name)}</saml:AttributeValue></saml:Attribute>` +
      `</saml:AttributeStatement></saml:Assertion>`;
    const signed = sign(assertion, tamper.signWithAnotherKey ? otherKey : key);
    const response =
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomUUID()}" Version="2.0" IssueInstant="${iso(0)}" Destination="${xmlEscape(request.acsUrl)}" InResponseTo="${xmlEscape(request.id)}">` +
      `<saml:Issuer>${xmlEscape(entityId())}</saml:Issuer>` +
      `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
      signed +
      `</samlp:Response>`;
    return Buffer.from(response).toString("base64");
  }

  function sign(assertion: string, signer: { privateKey: string; cert: string }) {
    const signature = new SignedXml({
      privateKey: signer.privateKey,
      publicCert: signer.cert,
      signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
      canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
    });
    signature.addReference({
      xpath: "//*[local-name(.)='Assertion']",
      transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
      digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
    });
    signature.computeSignature(assertion, { location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: "after" } });
    return signature.getSignedXml();
  }

  const page = (body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Test IdP</title></head><body>${body}</body></html>`;

  async function formBody(req: import("node:http").IncomingMessage) {
    let body = "";
    for await (const chunk of req) body += chunk;
    return new URLSearchParams(body);
  }

  return {
    name: "our test IdP",
    entityId,
    metadataXml,
    metadataUrl: () => `${origin}/metadata`,
    ssoUrl: () => `${origin}/sso`,
    readRequest: async (redirectUrl: string) => decodeAuthnRequest(redirectUrl),
    respond,
    async listen() {
      server = createServer(async (req, res) => {
        const url = new URL(req.url ?? "/", origin);
        if (url.pathname === "/metadata") {
          res.writeHead(200, { "content-type": "application/samlmetadata+xml" });
          return void res.end(metadataXml());
        }
        if (url.pathname === "/sso") {
          // The IdP's sign-in page: who are you? (A real IdP would check a password; this one believes the test.)
          const request = decodeAuthnRequest(url.href);
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          return void res.end(
            page(`<h1>Test IdP sign-in</h1><form method="post" action="/login">
              <input type="hidden" name="request" value="${xmlEscape(JSON.stringify(request))}">
              <label>IdP email <input name="email" value="${xmlEscape(url.searchParams.get("login_hint") ?? "")}"></label>
              <label>IdP name <input name="name"></label>
              <button type="submit">Sign in at the IdP</button></form>`),
          );
        }
        if (url.pathname === "/login" && req.method === "POST") {
          const form = await formBody(req);
          const request = JSON.parse(form.get("request")!) as AuthnRequest;
          const samlResponse = await respond(request, { email: form.get("email")!, name: form.get("name")! });
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          return void res.end(
            page(`<form method="post" action="${xmlEscape(request.acsUrl)}"><input type="hidden" name="SAMLResponse" value="${samlResponse}"><button type="submit">Continue</button></form>
              <script>document.forms[0].submit()</script>`),
          );
        }
        res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      origin = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
    },
    async close() {
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    },
  } satisfies TestIdp;
}
