import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../../src/env";
import { SAML_ENCRYPTION_CERT_FILE, SAML_ENCRYPTION_KEY_FILE } from "../../src/server/auth/saml";
import { db } from "../../src/server/db/client";
import { ssoSamlRequests, users } from "../../src/server/db/schema";
import { TEST_DNS_PORT } from "../setup/env";
import { startDoorServer } from "./door-server";
import { callerFor, expectTrpcError, makeUser, tableSizes, workspaceWithMember } from "./factories";
import { type AuthnRequest, keyPair, samlIdp, type TestIdp } from "./saml-idp";
import { FORMS, type Form, samlifyIdp } from "./samlify-idp";
import { txtDnsServer } from "./txt-dns-server";

// Two real SAML IdPs, each with its own key pair: ours, and samlify, which we did not write. A real DNS server on
// loopback; the app's SSO doors over real HTTP.
const dns = txtDnsServer(TEST_DNS_PORT);
const ours = await samlIdp();
const samlify = await samlifyIdp();
// The key pair IdPs encrypt assertions to, where an operator would put it.
const encryption = await keyPair("Confab SAML encryption");
const keyFile = () => path.join(env().dataDir, SAML_ENCRYPTION_KEY_FILE);
const certFile = () => path.join(env().dataDir, SAML_ENCRYPTION_CERT_FILE);
const installEncryptionKeys = () => Promise.all([writeFile(keyFile(), encryption.privateKey), writeFile(certFile(), encryption.cert)]);
let doors: Awaited<ReturnType<typeof startDoorServer>>;

beforeAll(async () => {
  await Promise.all([dns.listen(), ours.listen(), samlify.listen(), installEncryptionKeys()]);
  doors = await startDoorServer();
});
afterAll(async () => {
  await Promise.all([dns.close(), ours.close(), samlify.close(), doors.close()]);
});

async function verifiedDomain(ownerId: string, workspaceId: string) {
  const domain = `saml-${randomUUID().slice(0, 8)}.example`;
  const { id } = await callerFor(ownerId).sso.claimDomain({ workspaceId, domain });
  const claim = (await callerFor(ownerId).sso.settings({ workspaceId })).domains.find((d) => d.domain === domain)!;
  dns.publish(claim.record.name, claim.record.value);
  await callerFor(ownerId).sso.verifyDomain({ domainId: id });
  return domain;
}

/** A workspace with a verified domain and a SAML connection to `idp`, set up through the API as an admin would. */
async function samlWorkspace(idp: TestIdp) {
  const { owner, member, workspace } = await workspaceWithMember();
  const domain = await verifiedDomain(owner.id, workspace.id);
  const { id: connectionId } = await callerFor(owner.id).sso.createSamlConnection({ workspaceId: workspace.id, name: "Acme SAML", metadataUrl: idp.metadataUrl() });
  return { owner, member, workspace, domain, connectionId };
}

/** "Continue with SSO" with a work email: the app sends the browser to the IdP with an AuthnRequest. */
async function startSignIn(idp: TestIdp, email: string): Promise<AuthnRequest> {
  const response = await fetch(`http://${doors.host}/api/sso/start?email=${encodeURIComponent(email)}`, { redirect: "manual" });
  expect(response.status).toBe(302);
  const location = response.headers.get("location")!;
  expect(location.startsWith(`${idp.ssoUrl()}?`)).toBe(true);
  return idp.readRequest(location);
}

/** The browser posting the IdP's answer to the app's ACS URL. */
async function postAnswer(acsUrl: string, samlResponse: string) {
  const response = await fetch(acsUrl, { method: "POST", body: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: "" }), redirect: "manual" });
  expect(response.status).toBe(302);
  const cookies = response.headers.getSetCookie();
  return { location: response.headers.get("location")!, signedIn: cookies.some((cookie) => cookie.startsWith("authjs.session-token=")) };
}

async function expectRefused(acsUrl: string, samlResponse: string, reason: string) {
  const before = await tableSizes();
  const answer = await postAnswer(acsUrl, samlResponse);
  const location = new URL(answer.location, "http://confab.test");
  expect({ page: location.pathname, reason: location.searchParams.get("reason"), signedIn: answer.signedIn }).toEqual({ page: "/sso/error", reason, signedIn: false });
  expect(await tableSizes()).toEqual(before);
}

const spMetadataUrl = (workspaceId: string) => `http://${doors.host}/api/sso/saml/${workspaceId}/metadata`;
const userByEmail = async (email: string) => (await db().select().from(users).where(eq(users.email, email)))[0];

// What an attacker holding a valid answer can do to it, whichever IdP wrote it.
const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
const decoded = (samlResponse: string) => Buffer.from(samlResponse, "base64").toString("utf8");
const encoded = (xml: string) => Buffer.from(xml).toString("base64");

function rewritten(samlResponse: string, change: (doc: Document) => void) {
  const doc = new DOMParser().parseFromString(decoded(samlResponse), "text/xml");
  change(doc);
  return encoded(new XMLSerializer().serializeToString(doc));
}

const withoutSignatures = (samlResponse: string) =>
  rewritten(samlResponse, (doc) => Array.from(doc.getElementsByTagNameNS(DSIG_NS, "Signature")).forEach((signature) => signature.parentNode!.removeChild(signature)));

const impersonating = (samlResponse: string, email: string, impostor: string) => encoded(decoded(samlResponse).replaceAll(`>${email}<`, `>${impostor}<`));

/** The Response's InResponseTo (the first in the document) removed, or pointed at another request. */
const withoutInResponseTo = (samlResponse: string) => encoded(decoded(samlResponse).replace(/ InResponseTo="[^"]*"/, ""));
const readdressed = (samlResponse: string, from: AuthnRequest, to: AuthnRequest) => encoded(decoded(samlResponse).replace(`InResponseTo="${from.id}"`, `InResponseTo="${to.id}"`));

/**
 * Signature wrapping: a forged assertion for the impostor takes the signed one's place and carries the original's
 * signature, with the original tucked into its Advice, where a verifier that looks the signed ID up finds it intact.
 */
const wrappedInForgery = (samlResponse: string, email: string, impostor: string) =>
  rewritten(samlResponse, (doc) => {
    const original = doc.getElementsByTagNameNS(ASSERTION_NS, "Assertion")[0]!;
    const forged = original.cloneNode(true) as Element;
    forged.setAttribute("ID", `_forged${randomUUID()}`);
    for (const name of ["NameID", "AttributeValue"]) {
      for (const node of Array.from(forged.getElementsByTagNameNS(ASSERTION_NS, name))) if (node.textContent === email) node.textContent = impostor;
    }
    const advice = doc.createElementNS(ASSERTION_NS, "saml:Advice");
    const conditions = forged.getElementsByTagNameNS(ASSERTION_NS, "Conditions")[0]!;
    forged.insertBefore(advice, conditions.nextSibling);
    original.parentNode!.replaceChild(forged, original);
    advice.appendChild(original);
  });

/** What an answer shows of its protection from the outside. */
function protectionOf(samlResponse: string) {
  const response = new DOMParser().parseFromString(decoded(samlResponse), "text/xml").documentElement!;
  const signedChild = (element: Element) => Array.from(element.getElementsByTagNameNS(DSIG_NS, "Signature")).some((signature) => signature.parentNode === element);
  const assertion = response.getElementsByTagNameNS(ASSERTION_NS, "Assertion")[0];
  return {
    responseSigned: signedChild(response),
    assertion: response.getElementsByTagNameNS(ASSERTION_NS, "EncryptedAssertion").length ? "encrypted" : assertion && signedChild(assertion) ? "signed" : "unsigned",
  };
}

describe("SAML connections in workspace settings", () => {
  it("takes IdP metadata by URL or as XML, shows what to give the IdP, and keeps admins only", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const { id } = await callerFor(owner.id).sso.createSamlConnection({ workspaceId: workspace.id, name: "By URL", metadataUrl: ours.metadataUrl() });
    await callerFor(owner.id).sso.createSamlConnection({ workspaceId: workspace.id, name: "By XML", metadataXml: ours.metadataXml(), defaultRole: "guest" });
    const { connections } = await callerFor(owner.id).sso.settings({ workspaceId: workspace.id });
    expect(connections).toEqual([
      expect.objectContaining({ id, protocol: "saml", name: "By URL", issuer: ours.entityId(), saml: { ssoUrl: ours.ssoUrl(), certificateExpiresAt: expect.any(Date) } }),
      expect.objectContaining({ protocol: "saml", name: "By XML", defaultRole: "guest" }),
    ]);
    expect(connections[0]!.saml!.certificateExpiresAt.getTime()).toBeGreaterThan(Date.now());

    await expectTrpcError(callerFor(owner.id).sso.createSamlConnection({ workspaceId: workspace.id, name: "Junk", metadataXml: "<html>hello</html>" }), "BAD_REQUEST", /no EntityDescriptor/);
    await expectTrpcError(callerFor(owner.id).sso.createSamlConnection({ workspaceId: workspace.id, name: "Bare", metadataXml: ours.metadataXml().replace(/<md:KeyDescriptor[\s\S]*?<\/md:KeyDescriptor>/, "") }), "BAD_REQUEST", /no signing certificate/);
    await expectTrpcError(callerFor(owner.id).sso.createSamlConnection({ workspaceId: workspace.id, name: "None" }), "BAD_REQUEST", /metadata XML or give its metadata URL/);
    await expectTrpcError(callerFor(owner.id).sso.createSamlConnection({ workspaceId: workspace.id, name: "Gone", metadataUrl: "http://127.0.0.1:9/metadata" }), "BAD_REQUEST", /could not be reached/);
    await expectTrpcError(callerFor(member.id).sso.createSamlConnection({ workspaceId: workspace.id, name: "Mine", metadataUrl: ours.metadataUrl() }), "FORBIDDEN");
    await expectTrpcError(callerFor(member.id).sso.updateConnection({ connectionId: id, name: "Mine" }), "FORBIDDEN");
    const outsider = await makeUser("SAML Outsider");
    await expectTrpcError(callerFor(outsider.id).sso.updateConnection({ connectionId: id, metadataUrl: "http://169.254.169.254/latest" }), "NOT_FOUND");

    // Editing: rename, change the role new people get, replace the metadata; a client secret is for OIDC only.
    await callerFor(owner.id).sso.updateConnection({ connectionId: id, name: "Acme IdP", defaultRole: "guest", metadataXml: ours.metadataXml() });
    await expectTrpcError(callerFor(owner.id).sso.updateConnection({ connectionId: id, clientSecret: "x" }), "BAD_REQUEST", /Only OpenID Connect/);
    expect((await callerFor(owner.id).sso.settings({ workspaceId: workspace.id })).connections[0]).toMatchObject({ name: "Acme IdP", defaultRole: "guest" });
    const log = await callerFor(owner.id).audit.list({ workspaceId: workspace.id, category: "sso" });
    expect(log[0]).toMatchObject({ action: "sso.connection_updated", detail: '"Acme IdP": name, default role, metadata' });

    // The service provider's own metadata, for the IdP: our entity ID, ACS URL, and the certificate to encrypt to.
    const metadata = await (await fetch(spMetadataUrl(workspace.id))).text();
    expect(metadata).toContain(`entityID="${spMetadataUrl(workspace.id)}"`);
    expect(metadata).toContain(`Location="http://${doors.host}/api/sso/saml/${workspace.id}/acs"`);
    const encryptionCert = /<KeyDescriptor use="encryption">[\s\S]*?<ds:X509Certificate>([\s\S]*?)<\/ds:X509Certificate>/.exec(metadata)?.[1];
    expect(encryptionCert?.replace(/\s+/g, "")).toBe(encryption.cert.replace(/-----[^-]+-----|\s+/g, ""));
  });
});

describe.each<TestIdp>([ours, samlify])("signing in with SAML through $name", (idp) => {
  it("creates the account and membership on first sign-in, then finds the person by their IdP subject", async () => {
    const { owner, workspace, domain, connectionId } = await samlWorkspace(idp);
    expect((await callerFor(owner.id).sso.settings({ workspaceId: workspace.id })).connections[0]).toMatchObject({ issuer: idp.entityId(), saml: { ssoUrl: idp.ssoUrl() } });
    const email = `sam@${domain}`;
    const request = await startSignIn(idp, email);
    expect(request).toMatchObject({ acsUrl: `http://${doors.host}/api/sso/saml/${workspace.id}/acs`, spEntityId: spMetadataUrl(workspace.id) });

    expect(await postAnswer(request.acsUrl, await idp.respond(request, { email, name: "Sam Saml" }))).toEqual({ location: `/w/${workspace.slug}`, signedIn: true });
    const sam = await userByEmail(email);
    expect(sam).toMatchObject({ name: "Sam Saml" });
    const members = await callerFor(owner.id).workspaces.members({ workspaceId: workspace.id });
    expect(members.find((m) => m.userId === sam!.id)).toMatchObject({ role: "member" });

    // Back again: the same account, however the IdP now spells the email.
    const again = await startSignIn(idp, email);
    expect(await postAnswer(again.acsUrl, await idp.respond(again, { email: email.toUpperCase(), name: "Sam Saml", subject: email }))).toMatchObject({ signedIn: true });
    expect(await db().select().from(users).where(eq(users.email, email))).toHaveLength(1);
    const log = await callerFor(owner.id).audit.list({ workspaceId: workspace.id, category: "sso" });
    expect(log.slice(0, 2).map((entry) => entry.detail)).toEqual([`${email} through "Acme SAML"`, `${email} through "Acme SAML" (first sign-in)`]);
    expect(await db().select().from(ssoSamlRequests).where(eq(ssoSamlRequests.connectionId, connectionId))).toEqual([]);
  });

  it("refuses forged, misdirected, stale and replayed answers, and writes nothing", async () => {
    const { domain } = await samlWorkspace(idp);
    const person = { email: `eve@${domain}`, name: "Eve" };
    const request = await startSignIn(idp, person.email);
    const honest = await idp.respond(request, person);

    await expectRefused(request.acsUrl, withoutSignatures(honest), "unsigned");
    await expectRefused(request.acsUrl, await idp.respond(request, person, { signWithAnotherKey: true }), "unsigned");
    await expectRefused(request.acsUrl, await idp.respond(request, person, { audience: "https://other-app.example/saml" }), "wrong_audience");
    await expectRefused(request.acsUrl, await idp.respond(request, person, { recipient: "https://other-app.example/acs" }), "wrong_recipient");
    await expectRefused(request.acsUrl, await idp.respond(request, person, { notBefore: -600, notOnOrAfter: -120 }), "expired");
    await expectRefused(request.acsUrl, await idp.respond(request, person, { notBefore: 300, notOnOrAfter: 600 }), "expired");
    // Tampering with a signed assertion breaks its signature, and hiding it inside a forged one does not help.
    await expectRefused(request.acsUrl, impersonating(honest, person.email, `ceo@${domain}`), "unsigned");
    await expectRefused(request.acsUrl, wrappedInForgery(honest, person.email, `ceo@${domain}`), "unsigned");
    // No request of ours behind it: IdP-initiated, or an ID we never issued.
    await expectRefused(request.acsUrl, await idp.respond({ ...request, id: "_never-issued" }, person), "unsolicited");
    await expectRefused(request.acsUrl, withoutInResponseTo(honest), "unsolicited");

    // Within the clock skew is fine; and the honest answer still works after all that.
    const answer = await idp.respond(request, person, { notBefore: 30 });
    expect(await postAnswer(request.acsUrl, answer)).toMatchObject({ signedIn: true });
    expect(await userByEmail(person.email)).toMatchObject({ name: "Eve" });
    // Posted again, or re-addressed to a fresh request: the request is used up, and the assertion names it.
    await expectRefused(request.acsUrl, answer, "unsolicited");
    const fresh = await startSignIn(idp, person.email);
    await expectRefused(fresh.acsUrl, readdressed(honest, request, fresh), "unsolicited");
  });

  it("refuses an IdP asserting an address in a domain its workspace has not verified, and a cross-workspace takeover", async () => {
    // Workspace A verified its domain; its people have accounts.
    const a = await samlWorkspace(idp);
    const victim = await makeUser("Victim", `victim@${a.domain}`);
    // Workspace B (an attacker's) has its own verified domain and SAML IdP, which can assert any email it likes.
    const b = await samlWorkspace(idp);
    const request = await startSignIn(idp, `mallory@${b.domain}`);
    await expectRefused(request.acsUrl, await idp.respond(request, { email: victim.email, name: "Mallory", subject: "mallory" }), "domain_not_verified");
    await expectRefused(request.acsUrl, await idp.respond(request, { email: "someone@unverified.example", name: "Someone" }), "domain_not_verified");
    expect((await callerFor(victim.id).workspaces.list()).map((w) => w.id)).not.toContain(b.workspace.id);

    // B's request answered at A's ACS URL: the request belongs to another workspace.
    await expectRefused(request.acsUrl.replace(b.workspace.id, a.workspace.id), await idp.respond(request, { email: `mallory@${b.domain}`, name: "Mallory" }), "unsolicited");
  });
});

describe("answers only our IdP can write", () => {
  it("refuses an assertion not bound to its request when it comes back under a fresh one", async () => {
    // samlify always names the request in the assertion too, so re-addressing its answers fails sooner (above).
    const { domain } = await samlWorkspace(ours);
    const person = { email: `rex@${domain}`, name: "Rex" };
    const first = await startSignIn(ours, person.email);
    const second = await startSignIn(ours, person.email);
    const reusable = await ours.respond(first, person, { bareSubjectConfirmation: true, assertionId: "_reused-assertion" });
    expect(await postAnswer(first.acsUrl, reusable)).toMatchObject({ signedIn: true });
    await expectRefused(second.acsUrl, readdressed(reusable, first, second), "replayed");
  });
});

const forms = Object.keys(FORMS) as Form[];

describe("signing in through samlify in each form an IdP may be set up to answer in", () => {
  const expectedProtection = (form: Form) => {
    const { signAssertion, signResponse, encrypt } = FORMS[form];
    return { responseSigned: signResponse, assertion: encrypt ? "encrypted" : signAssertion ? "signed" : "unsigned" };
  };

  it.each(forms.filter((form) => FORMS[form].signAssertion))("signs in with %s, and refuses it signed by another key", async (form) => {
    const { workspace, domain } = await samlWorkspace(samlify);
    const person = { email: `fay@${domain}`, name: "Fay Form" };
    const request = await startSignIn(samlify, person.email);
    const answer = await samlify.respond(request, person, {}, form);
    expect(protectionOf(answer)).toEqual(expectedProtection(form));

    await expectRefused(request.acsUrl, await samlify.respond(request, person, { signWithAnotherKey: true }, form), "unsigned");
    expect(await postAnswer(request.acsUrl, answer)).toEqual({ location: `/w/${workspace.slug}`, signedIn: true });
    expect(await userByEmail(person.email)).toMatchObject({ name: "Fay Form" });
  });

  // A signed envelope around an unsigned assertion is not enough, and encryption is no signature: anyone can encrypt
  // to the certificate in our metadata.
  it.each(forms.filter((form) => !FORMS[form].signAssertion))("refuses %s, the assertion not signed itself", async (form) => {
    const { domain } = await samlWorkspace(samlify);
    const person = { email: `gus@${domain}`, name: "Gus" };
    const request = await startSignIn(samlify, person.email);
    const answer = await samlify.respond(request, person, {}, form);
    expect(protectionOf(answer)).toEqual(expectedProtection(form));
    await expectRefused(request.acsUrl, answer, "unsigned");
  });

  it.each(forms.filter((form) => FORMS[form].signAssertion && !FORMS[form].encrypt))("refuses %s changed to say someone else, or with its signatures removed", async (form) => {
    const { domain } = await samlWorkspace(samlify);
    const person = { email: `hal@${domain}`, name: "Hal" };
    const request = await startSignIn(samlify, person.email);
    const answer = await samlify.respond(request, person, {}, form);
    await expectRefused(request.acsUrl, impersonating(answer, person.email, `ceo@${domain}`), "unsigned");
    await expectRefused(request.acsUrl, withoutSignatures(answer), "unsigned");
  });
});

describe("encrypted assertions", () => {
  it("are read only with the key pair in the data folder, and not when encrypted to another certificate", async () => {
    const { workspace, domain } = await samlWorkspace(samlify);
    const person = { email: `jo@${domain}`, name: "Jo" };
    const request = await startSignIn(samlify, person.email);
    await expectRefused(request.acsUrl, await samlify.respond(request, person, { encryptToAnotherKey: true }, "encrypted signed assertion"), "not_accepted");
    const answer = await samlify.respond(request, person, {}, "encrypted signed assertion");

    // The operator took the key pair away: the metadata stops offering encryption, and encrypted answers go unread.
    await Promise.all([rm(keyFile()), rm(certFile())]);
    try {
      const metadata = await fetch(spMetadataUrl(workspace.id));
      expect({ status: metadata.status, encryption: (await metadata.text()).includes('use="encryption"') }).toEqual({ status: 200, encryption: false });
      await expectRefused(request.acsUrl, answer, "not_accepted");
      // Half a key pair is a mistake to report, not a reason to stop decrypting quietly.
      await writeFile(keyFile(), encryption.privateKey);
      expect((await fetch(spMetadataUrl(workspace.id))).status).toBe(500);
      await expectRefused(request.acsUrl, answer, "not_accepted");
    } finally {
      await installEncryptionKeys();
    }
    expect(await postAnswer(request.acsUrl, answer)).toMatchObject({ signedIn: true });
    expect(await userByEmail(person.email)).toMatchObject({ name: "Jo" });
  });
});
