import { z } from "zod";

export const SCIM_BASE_PATH = "/scim/v2";

export const createScimTokenInput = z.object({
  workspaceId: z.string().uuid("Unknown workspace"),
  name: z.string().trim().min(1, "Name the token after its identity provider (Okta, Entra…)").max(80, "At most 80 characters"),
});
export const scimTokenIdInput = z.object({ tokenId: z.string().uuid("Unknown token") });
