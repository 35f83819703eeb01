import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymousActor, runAction } from "../../src/server/actions/context";
import { signInWithSso } from "../../src/server/actions/sso/sign-in-with-sso";
import { decryptSecret } from "../../src/server/auth/secrets";
import { db } from "../../src/server/db/client";
import { ssoConnections, ssoIdentities, users } from "../../src/server/db/schema";
import { SsoRefused } from "../../src/server/queries/sso";
import { TEST_DNS_PORT } from "../setup/env";
import { callerFor, expectTrpcError, makeUser, workspaceWithMember } from "./factories";
import { txtDnsServer } from "./txt-dns-server";

const dns = txtDnsServer(TEST_DNS_PORT);
beforeAll(() => dns.listen());
afterAll(() => dns.close());

/** What the SSO door does once the identity provider vouched for someone who is not signed in yet. */
const signIn = (claims: Parameters<typeof signInWithSso.run>[1]) => runAction(anonymousActor("127.0.0.1"), signInWithSso, claims);
const oidc = (workspaceId: string) => ({ workspaceId, name: "Acme Okta", issuer: "https://acme.okta.example", clientId: "confab", clientSecret: "s3cret-value" });

describe("SSO settings", () => {
  it("stores OIDC connections with their secret encrypted, never shown back, and audits every change", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    const { id } = await callerFor(owner.id).sso.createOidcConnection(oidc(workspace.id));
    const settings = await callerFor(owner.id).sso.settings({ workspaceId: workspace.id });
    expect(settings.connections).toEqual([expect.objectContaining({ id, name: "Acme Okta", issuer: "https://acme.okta.example", clientId: "confab", defaultRole: "member" })]);
    expect(JSON.stringify(settings)).not.toContain("s3cret-value");
    const [stored] = await db().select().from(ssoConnections).where(eq(ssoConnections.id, id));
    expect(stored!.clientSecretEncrypted).not.toContain("s3cret-value");
    expect(decryptSecret(stored!.clientSecretEncrypted!)).toBe("s3cret-value");

    await expectTrpcError(callerFor(member.id).sso.createOidcConnection(oidc(workspace.id)), "FORBIDDEN");
    await expectTrpcError(callerFor(member.id).sso.settings({ workspaceId: workspace.id }), "FORBIDDEN");
    const outsider = await makeUser("Outsider");
    await expectTrpcError(callerFor(outsider.id).sso.settings({ workspaceId: workspace.id }), "NOT_FOUND");
    await expectTrpcError(callerFor(owner.id).sso.createOidcConnection({ ...oidc(workspace.id), issuer: "http://evil.example" }), "BAD_REQUEST", /https/);

    await callerFor(owner.id).sso.deleteConnection({ connectionId: id });
    const log = await callerFor(owner.id).audit.list({ workspaceId: workspace.id, category: "sso" });
    expect(log.map((entry) => entry.action)).toEqual(["sso.connection_deleted", "sso.connection_created"]);
    expect(log[0]).toMatchObject({ actorName: owner.name, detail: '"Acme Okta"' });
  });

  it("verifies a claimed domain through its DNS TXT record, and only one workspace can hold it", async () => {
    const { owner, workspace } = await workspaceWithMember();
    const domain = `acme-${crypto.randomUUID().slice(0, 8)}.example`;
    const { id } = await callerFor(owner.id).sso.claimDomain({ workspaceId: workspace.id, domain: domain.toUpperCase() });
    const [claim] = (await callerFor(owner.id).sso.settings({ workspaceId: workspace.id })).domains;
    expect(claim).toMatchObject({ domain, verifiedAt: null, record: { type: "TXT", name: `_confab-verification.${domain}` } });

    await expectTrpcError(callerFor(owner.id).sso.verifyDomain({ domainId: id }), "BAD_REQUEST", /was not found yet/);
    dns.publish(claim!.record.name, "some-other=record", claim!.record.value);
    expect(await callerFor(owner.id).sso.verifyDomain({ domainId: id })).toEqual({ verified: true });
    expect((await callerFor(owner.id).sso.settings({ workspaceId: workspace.id })).domains[0]!.verifiedAt).toBeInstanceOf(Date);

    // Another workspace cannot take a domain verified here.
    const { owner: rival, workspace: rivalWorkspace } = await workspaceWithMember();
    await expectTrpcError(callerFor(rival.id).sso.claimDomain({ workspaceId: rivalWorkspace.id, domain }), "CONFLICT", /already verified/);
    await expectTrpcError(callerFor(owner.id).sso.claimDomain({ workspaceId: workspace.id, domain: "not a domain" }), "BAD_REQUEST", /like example.com/);
    const actions = (await callerFor(owner.id).audit.list({ workspaceId: workspace.id, category: "sso" })).map((entry) => entry.action);
    expect(actions).toEqual(["sso.domain_verified", "sso.domain_claimed"]);
  });

  it("requires SSO only once a connection and a verified domain exist, and drops the requirement with the last domain", async () => {
    const { owner, member, workspace } = await workspaceWithMember();
    await expectTrpcError(callerFor(owner.id).sso.setRequireSso({ workspaceId: workspace.id, on: true }), "BAD_REQUEST", /verify a domain/);
    await callerFor(owner.id).sso.createOidcConnection(oidc(workspace.id));
    const domain = `corp-${crypto.randomUUID().slice(0, 8)}.example`;
    const { id } = await callerFor(owner.id).sso.claimDomain({ workspaceId: workspace.id, domain });
    const [claim] = (await callerFor(owner.id).sso.settings({ workspaceId: workspace.id })).domains;
    dns.publish(claim!.record.name, claim!.record.value);
    await callerFor(owner.id).sso.verifyDomain({ domainId: id });
    await expectTrpcError(callerFor(member.id).sso.setRequireSso({ workspaceId: workspace.id, on: true }), "FORBIDDEN");
    expect(await callerFor(owner.id).sso.setRequireSso({ workspaceId: workspace.id, on: true })).toEqual({ requireSso: true });
    await callerFor(owner.id).sso.removeDomain({ domainId: id });
    expect((await callerFor(owner.id).sso.settings({ workspaceId: workspace.id })).requireSso).toBe(false);
  });

  it("never lets one workspace's identity provider reach an account by an email it has not verified", async () => {
    const { owner: ownerA, workspace: workspaceA } = await workspaceWithMember();
    const { owner: ownerB, workspace: workspaceB } = await workspaceWithMember();
    const domainA = `a-${crypto.randomUUID().slice(0, 8)}.example`;
    const victim = await callerFor(ownerA.id).users.me();
    // Workspace A verifies its domain; workspace B (an attacker's) has an IdP that asserts any email it likes.
    const claimA = await callerFor(ownerA.id).sso.claimDomain({ workspaceId: workspaceA.id, domain: domainA });
    dns.publish(`_confab-verification.${domainA}`, (await callerFor(ownerA.id).sso.settings({ workspaceId: workspaceA.id })).domains[0]!.record.value);
    await callerFor(ownerA.id).sso.verifyDomain({ domainId: claimA.id });
    const { id: attackerConnection } = await callerFor(ownerB.id).sso.createOidcConnection(oidc(workspaceB.id));
    const before = await db().select().from(ssoIdentities);

    await expect(signIn({ connectionId: attackerConnection, subject: "attacker-1", email: victim!.email, name: "Mallory" })).rejects.toBeInstanceOf(SsoRefused);
    await expect(signIn({ connectionId: attackerConnection, subject: "attacker-2", email: `ceo@${domainA}`, name: "Mallory" })).rejects.toMatchObject({ code: "domain_not_verified", domain: domainA });
    expect(await db().select().from(ssoIdentities)).toEqual(before);
    expect(await db().select().from(users).where(eq(users.email, `ceo@${domainA}`))).toEqual([]);

    // Workspace A's own IdP may attach to an existing account in its verified domain, and signs it in to A.
    const { id: ownConnection } = await callerFor(ownerA.id).sso.createOidcConnection(oidc(workspaceA.id));
    const colleague = await makeUser("Colleague", `colleague@${domainA}`);
    const signedIn = await signIn({ connectionId: ownConnection, subject: "okta-42", email: `colleague@${domainA}`, name: "Colleague" });
    expect(signedIn).toMatchObject({ user: { id: colleague.id }, workspaceSlug: workspaceA.slug });
    // Next time the subject alone finds them, whatever email the IdP now sends.
    expect((await signIn({ connectionId: ownConnection, subject: "okta-42", email: undefined, name: undefined })).user.id).toBe(colleague.id);
  });
});
