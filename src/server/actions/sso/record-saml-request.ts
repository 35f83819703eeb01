import { ssoSamlRequests } from "../../db/schema";
import { defineAction } from "../context";

/** A SAML AuthnRequest on its way to the IdP; its answer must name it. */
export const recordSamlRequest = defineAction(
  { actors: ["anonymous"], transaction: false },
  async (ctx, request: { id: string; connectionId: string; callbackUrl: string; expiresAt: Date }) => {
    await ctx.tx.insert(ssoSamlRequests).values(request);
  },
);
