import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../src/server/db/client";
import { ssoSamlRequests, users } from "../../src/server/db/schema";
import { TEST_DNS_PORT } from "../setup/env";
import { startDoorServer } from "./door-server";
import { callerFor, expectTrpcError, makeUser, tableSizes, workspaceWithMember } from "./factories";
import { type AuthnRequest, decodeAuthnRequest, samlIdp } from "./saml-idp";
import { txtDnsServer } from "./txt-dns-server";

// A real SAML IdP (its own key pair) and a real DNS server on loopback; the app's SSO doors over real HTTP.
const dns = txtDnsServer(TEST_DNS_PORT);
const idp = await samlIdp();
let doors: Awaited<ReturnType<typeof startDoorServer>>;

beforeAll(async () => {
  await Promise.all([dns.listen(), idp.listen()]);
  doors = await startDoorServer();
});
afterAll(async () => {
  await Promise.all([dns.close(), idp.close(), doors.close()]);
});

async function verifiedDomain(ownerId: string, workspaceId: string) {
  const domain = `saml-${crypto.randomUUID().slice(0, 8)}.example`;
  const { id } = await callerFor(ownerId).sso.claimDomain({ workspaceId, domain });
  const claim = (await callerFor(ownerId).sso.settings({ workspaceId })).domains.find((d) => d.domain === domain)!;
  dns.publish(claim.record.name, claim.record.value);
  await callerFor(ownerId).sso.verifyDomain({ domainId: id });
  return domain;
}

/** A workspace with a verified domain and a SAML connection to the test IdP, set up through the API as an admin would. */
async function samlWorkspace() {
  const { owner, member, workspace } = await workspaceWithMember();
  const domain = await verifiedDomain(owner.id, workspace.id);
  const { id: connectionId } = await callerFor(owner.id).sso.createSamlConnection({ workspaceId: workspace.id, name: "Acme SAML", metadataUrl: idp.metadataUrl() });
  return { owner, member, workspace, domain, connectionId };
}

/** "Continue with SSO" with a work email: the app sends the browser to the IdP with an AuthnRequest. */
async function startSignIn(email: string): Promise<AuthnRequest> {
  const response = await fetch(`http://${doors.host}/api/sso/start?email=${encodeURIComponent(email)}`, { redirect: "manual" });
  expect(response.status).toBe(302);
  const location = response.headers.get("location")!;
  expect(location.startsWith(`${idp.entityId().replace(/\/idp$/, "")}/sso?`)).toBe(true);
  return decodeAuthnRequest(location);
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

describe("SAML connections in workspace settings", () => {
  it("takes IdP metadata by URL or as XML, shows what to give the IdP, and keeps admins only", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const { id } = await callerFor(owner.id).sso.createSamlConnection({ workspaceId: workspace.id, name: "By URL", metadataUrl: idp.metadataUrl() });
    await callerFor(owner.id).sso.createSamlConnection({ workspaceId: workspace.id, name: "By XML", metadataXml: idp.metadataXml(), defaultRole: "guest" });
    const { connections } = await callerFor(owner.id).sso.settings({ workspaceId: workspace.id });
    expect(connections).toEqual([
      expect.objectContaining({ id, protocol: "saml", name: "By URL", issuer: idp.entityId(), saml: { ssoUrl: `${idp.entityId().replace(/\/idp$/, "")}/sso`, certificateExpiresAt: expect.any(Date) } }),
      expect.objectContaining({ protocol: "saml", name: "By XML", defaultRole: "guest" }),
    ]);
    expect(connections[0]!.saml!.certificateExpiresAt.getTime()).toBeGreaterThan(Date.now());

    await expectTrpcError(callerFor(owner.id).sso.createSamlConnection({ workspaceId: workspace.id, name: "Junk", metadataXml: "<html>hello</html>" }), "BAD_REQUEST", /no EntityDescriptor/);
    await expectTrpcError(callerFor(owner.id).sso.createSamlConnection({ workspaceId: workspace.id, name: "Bare", metadataXml: idp.metadataXml().replace(/<md:KeyDescriptor[\s\S]*?<\/md:KeyDescriptor>/, "") }), "BAD_REQUEST", /no signing certificate/);
    await expectTrpcError(callerFor(owner.id).sso.createSamlConnection({ workspaceId: workspace.id, name: "None" }), "BAD_REQUEST", /metadata XML or give its metadata URL/);
    await expectTrpcError(callerFor(owner.id).sso.createSamlConnection({ workspaceId: workspace.id, name: "Gone", metadataUrl: "http://127.0.0.1:9/metadata" }), "BAD_REQUEST", /could not be reached/);
    await expectTrpcError(callerFor(member.id).sso.createSamlConnection({ workspaceId: workspace.id, name: "Mine", metadataUrl: idp.metadataUrl() }), "FORBIDDEN");
    await expectTrpcError(callerFor(member.id).sso.updateConnection({ connectionId: id, name: "Mine" }), "FORBIDDEN");
    const outsider = await makeUser("SAML Outsider");
    await expectTrpcError(callerFor(outsider.id).sso.updateConnection({ connectionId: id, metadataUrl: "http://169.254.169.254/latest" }), "NOT_FOUND");

    // Editing: rename, change the role new people get, replace the metadata; a client secret is for OIDC only.
    await callerFor(owner.id).sso.updateConnection({ connectionId: id, name: "Acme IdP", defaultRole: "guest", metadataXml: idp.metadataXml() });
    await expectTrpcError(callerFor(owner.id).sso.updateConnection({ connectionId: id, clientSecret: "x" }), "BAD_REQUEST", /Only OpenID Connect/);
    expect((await callerFor(owner.id).sso.settings({ workspaceId: workspace.id })).connections[0]).toMatchObject({ name: "Acme IdP", defaultRole: "guest" });
    const log = await callerFor(owner.id).sso.auditLog({ workspaceId: workspace.id });
    expect(log[0]).toMatchObject({ action: "sso.connection_updated", detail: '"Acme IdP": name, default role, metadata' });

    // The service provider's own metadata, for the IdP: our entity ID and ACS URL.
    const metadata = await (await fetch(`http://${doors.host}/api/sso/saml/${workspace.id}/metadata`)).text();
    expect(metadata).toContain(`entityID="http://${doors.host}/api/sso/saml/${workspace.id}/metadata"`);
    expect(metadata).toContain(`Location="http://${doors.host}/api/sso/saml/${workspace.id}/acs"`);
  });
});

describe("signing in with SAML", () => {
  it("creates the account and membership on first sign-in, then finds the person by their IdP subject", async () => {
    const { owner, workspace, domain, connectionId } = await samlWorkspace();
    const email = `sam@${domain}`;
    const request = await startSignIn(email);
    expect(request).toMatchObject({ acsUrl: `http://${doors.host}/api/sso/saml/${workspace.id}/acs`, spEntityId: `http://${doors.host}/api/sso/saml/${workspace.id}/metadata` });

    expect(await postAnswer(request.acsUrl, idp.respond(request, { email, name: "Sam Saml" }))).toEqual({ location: `/w/${workspace.slug}`, signedIn: true });
    const [sam] = await db().select().from(users).where(eq(users.email, email));
    expect(sam).toMatchObject({ name: "Sam Saml" });
    const members = await callerFor(owner.id).workspaces.members({ workspaceId: workspace.id });
    expect(members.find((m) => m.userId === sam!.id)).toMatchObject({ role: "member" });

    // Back again: the same account, however the IdP now spells the email.
    const again = await startSignIn(email);
    expect(await postAnswer(again.acsUrl, idp.respond(again, { email: email.toUpperCase(), name: "Sam Saml", subject: email }))).toMatchObject({ signedIn: true });
    expect(await db().select().from(users).where(eq(users.email, email))).toHaveLength(1);
    const log = await callerFor(owner.id).sso.auditLog({ workspaceId: workspace.id });
    expect(log.slice(0, 2).map((entry) => entry.detail)).toEqual([`${email} through "Acme SAML"`, `${email} through "Acme SAML" (first sign-in)`]);
    expect(await db().select().from(ssoSamlRequests).where(eq(ssoSamlRequests.connectionId, connectionId))).toEqual([]);
  });

  it("refuses forged, misdirected, stale and replayed answers, and writes nothing", async () => {
    const { domain } = await samlWorkspace();
    const person = { email: `eve@${domain}`, name: "Eve" };
    const request = await startSignIn(person.email);

    await expectRefused(request.acsUrl, idp.respond(request, person, { unsigned: true }), "unsigned");
    await expectRefused(request.acsUrl, idp.respond(request, person, { signWithAnotherKey: true }), "unsigned");
    await expectRefused(request.acsUrl, idp.respond(request, person, { audience: "https://other-app.example/saml" }), "wrong_audience");
    await expectRefused(request.acsUrl, idp.respond(request, person, { recipient: "https://other-app.example/acs" }), "wrong_recipient");
    await expectRefused(request.acsUrl, idp.respond(request, person, { notBefore: -600, notOnOrAfter: -120 }), "expired");
    await expectRefused(request.acsUrl, idp.respond(request, person, { notBefore: 300, notOnOrAfter: 600 }), "expired");
    // Tampering with a signed assertion breaks its signature.
    const honest = Buffer.from(idp.respond(request, person), "base64").toString("utf8");
    await expectRefused(request.acsUrl, Buffer.from(honest.replace(`>${person.email}<`, `>ceo@${domain}<`)).toString("base64"), "unsigned");
    // No request of ours behind it: IdP-initiated, or an ID we never issued.
    await expectRefused(request.acsUrl, idp.respond({ ...request, id: "_never-issued" }, person), "unsolicited");
    await expectRefused(request.acsUrl, Buffer.from(honest.replace(/ InResponseTo="[^"]*"/, "")).toString("base64"), "unsolicited");

    // Within the clock skew is fine; and the honest answer still works after all that.
    const answer = idp.respond(request, person, { notBefore: 30 });
    expect(await postAnswer(request.acsUrl, answer)).toMatchObject({ signedIn: true });
    // Posted again: the request is used up.
    await expectRefused(request.acsUrl, answer, "unsolicited");

    // The same signed assertion under a fresh request (the envelope is not signed, so it can be re-addressed).
    const first = await startSignIn(person.email);
    const second = await startSignIn(person.email);
    const reusable = idp.respond(first, person, { bareSubjectConfirmation: true, assertionId: "_reused-assertion" });
    expect(await postAnswer(first.acsUrl, reusable)).toMatchObject({ signedIn: true });
    const readdressed = Buffer.from(Buffer.from(reusable, "base64").toString("utf8").replace(`InResponseTo="${first.id}"`, `InResponseTo="${second.id}"`)).toString("base64");
    await expectRefused(second.acsUrl, readdressed, "replayed");
  });

  it("refuses an IdP asserting an address in a domain its workspace has not verified, and a cross-workspace takeover", async () => {
    // Workspace A verified its domain; its people have accounts.
    const a = await samlWorkspace();
    const victim = await makeUser("Victim", `victim@${a.domain}`);
    // Workspace B (an attacker's) has its own verified domain and SAML IdP, which can assert any email it likes.
    const b = await samlWorkspace();
    const request = await startSignIn(`mallory@${b.domain}`);
    await expectRefused(request.acsUrl, idp.respond(request, { email: victim.email, name: "Mallory", subject: "mallory" }), "domain_not_verified");
    await expectRefused(request.acsUrl, idp.respond(request, { email: "someone@unverified.example", name: "Someone" }), "domain_not_verified");
    expect((await callerFor(victim.id).workspaces.list()).map((w) => w.id)).not.toContain(b.workspace.id);

    // B's request answered at A's ACS URL: the request belongs to another workspace.
    await expectRefused(request.acsUrl.replace(b.workspace.id, a.workspace.id), idp.respond(request, { email: `mallory@${b.domain}`, name: "Mallory" }), "unsolicited");
  });
});
