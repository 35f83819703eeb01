import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateWithPassword } from "../../src/server/auth/password-sign-in";
import { callerFor, expectTrpcError, joinedMember, workspaceWithOwner } from "./factories";
import { startDoorServer } from "./door-server";

let doors: Awaited<ReturnType<typeof startDoorServer>>;
beforeAll(async () => void (doors = await startDoorServer()));
afterAll(() => doors.close());

const stamp = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;

/** An identity provider's client: the workspace's SCIM token, requests as the IdP sends them. */
async function idpFor(name = "Okta") {
  const { owner, workspace } = await workspaceWithOwner(name);
  const { token } = await callerFor(owner.id).scim.createToken({ workspaceId: workspace.id, name });
  const call = async (method: string, path: string, body?: unknown, authorization = `Bearer ${token}`) => {
    const response = await fetch(`http://${doors.host}/scim/v2${path}`, {
      method,
      headers: { authorization, "content-type": "application/scim+json", accept: "application/scim+json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get("content-type"), body: text ? (JSON.parse(text) as Record<string, any>) : null };
  };
  return { owner, workspace, token, call };
}

const q = (filter: string) => `?filter=${encodeURIComponent(filter)}`;

describe("SCIM: Okta's provisioning sequence", () => {
  it("looks a user up, creates, reads, replaces and deactivates them; groups push members", async () => {
    const { owner, workspace, call } = await idpFor("Okta");
    const userName = `okta.user.${stamp()}@example.test`;
    // Okta's documented requests (developer.okta.com, "SCIM 2.0 protocol reference").
    const lookup = await call("GET", `/Users${q(`userName eq "${userName}"`)}&startIndex=1&count=100`);
    expect(lookup).toMatchObject({ status: 200, body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 0, Resources: [] } });
    expect(lookup.type).toBe("application/scim+json");

    const created = await call("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName,
      name: { givenName: "Test", familyName: "User" },
      emails: [{ primary: true, value: userName, type: "work" }],
      displayName: "Test User",
      locale: "en-US",
      externalId: "00ujl29u0le5T6Aj10h7",
      groups: [],
      password: "1mz050nq",
      active: true,
    });
    expect(created).toMatchObject({ status: 201, body: { userName, active: true, externalId: "00ujl29u0le5T6Aj10h7", name: { givenName: "Test", familyName: "User" } } });
    const userId = created.body!.id as string;
    expect((await callerFor(owner.id).workspaces.members({ workspaceId: workspace.id })).map((member) => member.userId)).toContain(userId);

    expect(await call("GET", `/Users/${userId}`)).toMatchObject({ status: 200, body: { id: userId, emails: [{ value: userName, primary: true }] } });
    const found = await call("GET", `/Users${q(`userName eq "${userName.toUpperCase()}"`)}`);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id: userId }] });

    const replaced = await call("PUT", `/Users/${userId}`, { ...created.body, name: { givenName: "Another", familyName: "User" }, displayName: undefined });
    expect(replaced).toMatchObject({ status: 200, body: { displayName: "Another User" } });

    // Okta's deactivation: replace with the attribute in the value, no path.
    const deactivated = await call("PATCH", `/Users/${userId}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: false } }] });
    expect(deactivated).toMatchObject({ status: 200, body: { active: false } });
    expect((await callerFor(owner.id).workspaces.members({ workspaceId: workspace.id })).find((member) => member.userId === userId)).toMatchObject({ deactivated: true });
    const reactivated = await call("PATCH", `/Users/${userId}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: true } }] });
    expect(reactivated.body).toMatchObject({ active: true });

    // Group push.
    const group = await call("POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Design Team", members: [] });
    expect(group).toMatchObject({ status: 201, body: { displayName: "Design Team", members: [] } });
    const groupId = group.body!.id as string;
    expect((await callerFor(owner.id).userGroups.list({ workspaceId: workspace.id }))[0]).toMatchObject({ id: groupId, handle: "design-team", name: "Design Team" });
    const added = await call("PATCH", `/Groups/${groupId}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "add", path: "members", value: [{ value: userId, display: userName }] }] });
    expect(added.body).toMatchObject({ members: [{ value: userId }] });
    const renamed = await call("PATCH", `/Groups/${groupId}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { id: groupId, displayName: "Designers" } }] });
    expect(renamed.body).toMatchObject({ displayName: "Designers" });
    const removed = await call("PATCH", `/Groups/${groupId}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "remove", path: `members[value eq "${userId}"]` }] });
    expect(removed.body).toMatchObject({ members: [] });
    expect((await call("DELETE", `/Groups/${groupId}`)).status).toBe(204);
    expect((await call("GET", `/Groups/${groupId}`)).status).toBe(404);
    const log = await callerFor(owner.id).audit.list({ workspaceId: workspace.id });
    expect(log.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(["scim.user_created", "scim.user_deactivated", "scim.group_created", "scim.group_deleted"]));
  });
});

describe("SCIM: Microsoft Entra's provisioning sequence", () => {
  it("creates, filters, patches with Entra's operation shapes, disables and deletes; groups by members and displayName", async () => {
    const { owner, workspace, call } = await idpFor("Entra");
    const userName = `Test_User_${stamp()}@testuser.example`;
    // Entra's requests as its SCIM validator sends them (learn.microsoft.com, "Tutorial: Develop a sample SCIM endpoint").
    expect((await call("GET", `/Users${q(`userName eq "${userName}"`)}`)).body).toMatchObject({ totalResults: 0 });
    const created = await call("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
      externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
      userName,
      active: true,
      emails: [{ primary: true, type: "work", value: `Test_User_${stamp()}@testuser.example` }],
      meta: { resourceType: "User" },
      name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
      roles: [],
    });
    expect(created).toMatchObject({ status: 201, body: { userName: userName.toLowerCase(), displayName: "givenName familyName" } });
    const userId = created.body!.id as string;
    expect((await call("GET", `/Users${q(`externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"`)}`)).body).toMatchObject({ totalResults: 1, Resources: [{ id: userId }] });
    // A second create of the same userName is a conflict.
    expect(await call("POST", "/Users", { schemas: created.body!.schemas, userName, active: true })).toMatchObject({ status: 409, body: { scimType: "uniqueness", status: "409" } });

    const moved = `updated.${stamp()}@testuser.example`;
    const patched = await call("PATCH", `/Users/${userId}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "Replace", path: 'emails[type eq "work"].value', value: moved },
        { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
        { op: "Add", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value: "Sales" },
      ],
    });
    expect(patched).toMatchObject({ status: 200, body: { userName: moved, name: { familyName: "updatedFamilyName" } } });

    // Entra's disable, with the value as the string it sends without aadOptscim062020.
    const disabled = await call("PATCH", `/Users/${userId}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(disabled.body).toMatchObject({ active: false });
    const enabled = await call("PATCH", `/Users/${userId}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "Replace", path: "active", value: true }] });
    expect(enabled.body).toMatchObject({ active: true });

    const member = await joinedMember(owner.id, workspace.id, "Existing");
    const group = await call("POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group", "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group"], externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", displayName: "displayName", meta: { resourceType: "Group" } });
    const groupId = group.body!.id as string;
    const listed = await call("GET", `/Groups${q('displayName eq "displayName"')}&excludedAttributes=members`);
    expect(listed.body).toMatchObject({ totalResults: 1, Resources: [{ id: groupId }] });
    expect(listed.body!.Resources[0].members).toBeUndefined();
    await call("PATCH", `/Groups/${groupId}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "Add", path: "members", value: [{ $ref: null, value: userId }, { $ref: null, value: member.id }] }] });
    await call("PATCH", `/Groups/${groupId}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "Remove", path: "members", value: [{ $ref: null, value: member.id }] }] });
    await call("PATCH", `/Groups/${groupId}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "Replace", path: "displayName", value: "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName" }] });
    const [userGroup] = await callerFor(owner.id).userGroups.list({ workspaceId: workspace.id });
    expect(userGroup).toMatchObject({ id: groupId, memberIds: [userId], name: "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName" });

    expect((await call("DELETE", `/Users/${userId}`)).status).toBe(204);
    expect((await call("GET", `/Users/${userId}`)).body).toMatchObject({ active: false });
    await expect(authenticateWithPassword({ email: moved, password: "anything-at-all" }, { ip: "10.7.0.1", userAgent: "vitest" })).rejects.toMatchObject({ code: expect.stringMatching(/no_password|deactivated/) });
  });
});

describe("SCIM: the protocol's edges", () => {
  it("answers discovery, pages lists, and refuses bad tokens, filters and bodies with SCIM errors", async () => {
    const { owner, workspace, call } = await idpFor("Edges");
    expect((await call("GET", "/ServiceProviderConfig")).body).toMatchObject({ patch: { supported: true }, filter: { supported: true }, bulk: { supported: false } });
    expect((await call("GET", "/ResourceTypes")).body).toMatchObject({ totalResults: 2, Resources: [{ id: "User" }, { id: "Group" }] });
    expect((await call("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")).body).toMatchObject({ name: "User" });

    for (const name of ["A", "B", "C"]) await joinedMember(owner.id, workspace.id, `Paged ${name}`);
    const first = await call("GET", "/Users?startIndex=1&count=2");
    expect(first.body).toMatchObject({ totalResults: 4, startIndex: 1, itemsPerPage: 2 });
    const second = await call("GET", "/Users?startIndex=3&count=2");
    expect(second.body).toMatchObject({ totalResults: 4, startIndex: 3, itemsPerPage: 2 });
    expect(new Set([...first.body!.Resources, ...second.body!.Resources].map((user: { id: string }) => user.id)).size).toBe(4);

    const error = { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"] };
    expect(await call("GET", "/Users", undefined, "Bearer cfscim-wrong")).toMatchObject({ status: 401, body: { ...error, status: "401" } });
    expect(await call("GET", `/Users${q('userName co "x"')}`)).toMatchObject({ status: 400, body: { scimType: "invalidFilter" } });
    expect(await call("GET", `/Users${q('title eq "x"')}`)).toMatchObject({ status: 400, body: { scimType: "invalidFilter" } });
    expect(await call("POST", "/Users", "{not json")).toMatchObject({ status: 400, body: { scimType: "invalidSyntax" } });
    expect(await call("POST", "/Users", { schemas: [], userName: "not-an-email" })).toMatchObject({ status: 400, body: { scimType: "invalidValue" } });
    expect(await call("PATCH", `/Users/${owner.id}`, { Operations: [{ op: "move", path: "active" }] })).toMatchObject({ status: 400, body: { scimType: "invalidSyntax" } });
    expect(await call("PATCH", `/Users/${owner.id}`, { Operations: [{ op: "replace", path: "active", value: "maybe" }] })).toMatchObject({ status: 400, body: { scimType: "invalidValue" } });
    expect(await call("PATCH", `/Users/${owner.id}`, { Operations: [{ op: "replace", path: "active", value: false }] })).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/owner cannot be deactivated/) } });
    expect(await call("GET", `/Users/${crypto.randomUUID()}`)).toMatchObject({ status: 404, body: { ...error, status: "404" } });

    // Someone's own account is not the IdP's to take: no link without a verified domain, and no rename of one linked.
    const other = await workspaceWithOwner("Elsewhere");
    expect(await call("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: other.owner.email, active: true })).toMatchObject({ status: 409, body: { scimType: "uniqueness", detail: expect.stringMatching(/verify its domain/) } });
    const linked = await joinedMember(other.owner.id, other.workspace.id, "Shared Person");
    const invite = await callerFor(owner.id).invites.create({ workspaceId: workspace.id, role: "member", expiresIn: "7d", maxUses: null });
    await callerFor(linked.id).invites.accept({ token: invite.token });
    expect(await call("PATCH", `/Users/${linked.id}`, { Operations: [{ op: "replace", path: "userName", value: `taken.over.${stamp()}@attacker.test` }] })).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/not this workspace's/) } });
    expect(await call("PATCH", `/Users/${linked.id}`, { Operations: [null] })).toMatchObject({ status: 400, body: { scimType: "invalidSyntax" } });
    expect(await call("PATCH", `/Users/${linked.id}`, { Operations: [{ op: "replace", path: 42, value: "x" }] })).toMatchObject({ status: 400, body: { scimType: "invalidPath" } });
    expect((await call("GET", "/Users?startIndex=99999999999999999999&count=5")).body).toMatchObject({ Resources: [] });

    // Another workspace's people and groups do not exist for this token.
    expect((await call("GET", `/Users/${other.owner.id}`)).status).toBe(404);
    const theirGroup = await callerFor(other.owner.id).userGroups.create({ workspaceId: other.workspace.id, handle: "theirs", name: "Theirs" });
    expect((await call("PATCH", `/Groups/${theirGroup.id}`, { Operations: [{ op: "replace", path: "displayName", value: "Mine now" }] })).status).toBe(404);

    // A revoked token opens nothing.
    const [listed] = await callerFor(owner.id).scim.tokens({ workspaceId: workspace.id });
    expect(listed!.lastUsedAt).not.toBeNull();
    await callerFor(owner.id).scim.revokeToken({ tokenId: listed!.id });
    expect((await call("GET", "/Users")).status).toBe(401);
    await expectTrpcError(callerFor(other.owner.id).scim.tokens({ workspaceId: workspace.id }), "NOT_FOUND");
  });
});
