import type { IncomingMessage, ServerResponse } from "node:http";
import { SCIM_BASE_PATH } from "@/shared/scim";
import { DomainError } from "../access/errors";
import { runAction, scimActor } from "../actions/context";
import { changeScimGroup } from "../actions/scim/change-scim-group";
import { changeScimUser } from "../actions/scim/change-scim-user";
import { provisionScimGroup } from "../actions/scim/provision-scim-group";
import { provisionScimUser } from "../actions/scim/provision-scim-user";
import { recordScimUse } from "../actions/scim/record-scim-use";
import { removeScimGroup } from "../actions/scim/remove-scim-group";
import { log } from "../observability/log";
import { scimGroupResource, scimGroupsPage, scimTokenFor, scimUserResource, scimUsersPage } from "../queries/scim";
import {
  groupChangesOf,
  groupPatchChanges,
  listResponse,
  paging,
  parseFilter,
  resourceTypes,
  schemas,
  ScimError,
  serviceProviderConfig,
  userChangesOf,
  userPatchChanges,
} from "../scim/protocol";
import { DOMAIN_STATUS, readBody, replyJson } from "./http-body";

const MAX_BODY_BYTES = 1024 * 1024;
const SCIM_JSON = "application/scim+json";
/** How often a token's "last used" moves: not a write on every call of a sync run. */
const USE_RECORDED_EVERY_MS = 60_000;
const SCIM_TYPES: Partial<Record<DomainError["code"], "uniqueness" | "invalidValue">> = { CONFLICT: "uniqueness", BAD_REQUEST: "invalidValue" };

const reply = (res: ServerResponse, status: number, body: unknown) => replyJson(res, status, body, SCIM_JSON);

function refuse(res: ServerResponse, error: unknown) {
  if (error instanceof ScimError) return reply(res, error.status, error.body);
  if (error instanceof DomainError) return reply(res, DOMAIN_STATUS[error.code], new ScimError(DOMAIN_STATUS[error.code], error.message, SCIM_TYPES[error.code]).body);
  log().error({ err: error }, "[scim] request failed");
  reply(res, 500, new ScimError(500, "Something went wrong on Confab's side").body);
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === null) throw new ScimError(413, "The request body is too large");
  try {
    return JSON.parse(body);
  } catch {
    throw new ScimError(400, "The request body is not JSON", "invalidSyntax");
  }
}

/**
 * SCIM 2.0 for a workspace, by its bearer token: /scim/v2/Users and /Groups (list with filter and paging, create,
 * read, replace, patch, delete), ServiceProviderConfig, ResourceTypes and Schemas. Every change goes through the
 * SCIM actions, as the identity provider.
 */
export function scimDoor(pathname: string, publicUrl: () => string) {
  if (pathname !== SCIM_BASE_PATH && !pathname.startsWith(`${SCIM_BASE_PATH}/`)) return null;
  const [resource = "", id, ...rest] = pathname.slice(SCIM_BASE_PATH.length + 1).split("/");
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const bearer = String(req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
      const token = await scimTokenFor(bearer);
      if (!token) throw new ScimError(401, "A valid SCIM bearer token is required (Workspace settings → SCIM provisioning)");
      const actor = scimActor(token);
      if (!token.lastUsedAt || Date.now() - token.lastUsedAt.getTime() > USE_RECORDED_EVERY_MS) await runAction(actor, recordScimUse, undefined);
      const base = `${publicUrl()}${SCIM_BASE_PATH}`;
      const url = new URL(req.url ?? "/", "http://scim");
      const method = req.method ?? "GET";
      if (rest.length) throw new ScimError(404, "No such SCIM resource");

      if (resource === "ServiceProviderConfig" && method === "GET") return reply(res, 200, serviceProviderConfig(base));
      if (resource === "ResourceTypes" && method === "GET") {
        const types = resourceTypes(base);
        return id ? reply(res, 200, types.find((type) => type.id === id) ?? new ScimError(404, "No such resource type").body) : reply(res, 200, listResponse(types, types.length, 1));
      }
      if (resource === "Schemas" && method === "GET") {
        const all = schemas(base);
        return id ? reply(res, 200, all.find((schema) => schema.id === id) ?? new ScimError(404, "No such schema").body) : reply(res, 200, listResponse(all, all.length, 1));
      }

      if (resource === "Users") {
        if (!id && method === "GET") {
          const { startIndex, count } = paging(url.searchParams);
          const page = await scimUsersPage(token.workspaceId, parseFilter(url.searchParams.get("filter")), startIndex, count, base);
          return reply(res, 200, listResponse(page.resources, page.total, startIndex));
        }
        if (!id && method === "POST") {
          const { userId } = await runAction(actor, provisionScimUser, userChangesOf(await jsonBody(req)));
          return reply(res, 201, await scimUserResource(token.workspaceId, userId, base));
        }
        if (id && method === "GET") return reply(res, 200, await scimUserResource(token.workspaceId, id, base));
        if (id && (method === "PUT" || method === "PATCH")) {
          const body = await jsonBody(req);
          await runAction(actor, changeScimUser, { userId: id, changes: method === "PUT" ? userChangesOf(body) : userPatchChanges(body) });
          return reply(res, 200, await scimUserResource(token.workspaceId, id, base));
        }
        // Deleting keeps the person's messages: they are deactivated, as Slack does.
        if (id && method === "DELETE") {
          await runAction(actor, changeScimUser, { userId: id, changes: { active: false } });
          return void res.writeHead(204).end();
        }
      }

      if (resource === "Groups") {
        const withMembers = !/\bmembers\b/i.test(url.searchParams.get("excludedAttributes") ?? "");
        if (!id && method === "GET") {
          const { startIndex, count } = paging(url.searchParams);
          const page = await scimGroupsPage(token.workspaceId, parseFilter(url.searchParams.get("filter")), startIndex, count, base, withMembers);
          return reply(res, 200, listResponse(page.resources, page.total, startIndex));
        }
        if (!id && method === "POST") {
          const changes = groupChangesOf(await jsonBody(req));
          const { groupId } = await runAction(actor, provisionScimGroup, { ...changes, displayName: changes.displayName! });
          return reply(res, 201, await scimGroupResource(token.workspaceId, groupId, base));
        }
        if (id && method === "GET") return reply(res, 200, await scimGroupResource(token.workspaceId, id, base, withMembers));
        if (id && (method === "PUT" || method === "PATCH")) {
          const body = await jsonBody(req);
          await runAction(actor, changeScimGroup, { groupId: id, changes: method === "PUT" ? groupChangesOf(body) : groupPatchChanges(body) });
          // Entra expects 204 to a PATCH of a group, Okta the group: both take the group.
          return reply(res, 200, await scimGroupResource(token.workspaceId, id, base));
        }
        if (id && method === "DELETE") {
          await runAction(actor, removeScimGroup, { groupId: id });
          return void res.writeHead(204).end();
        }
      }
      throw new ScimError(resource === "Users" || resource === "Groups" ? 405 : 404, `${method} ${pathname} is not part of Confab's SCIM API`);
    } catch (error) {
      refuse(res, error);
    }
  };
}
