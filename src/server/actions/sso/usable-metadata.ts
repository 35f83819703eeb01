import { badRequest } from "../../access/errors";
import { fetchIdpMetadata, InvalidMetadata, parseIdpMetadata } from "../../auth/saml";

/** The IdP metadata as given, or as fetched from its URL; checked before anything is stored. */
export async function usableMetadata(source: { metadataXml?: string; metadataUrl?: string }) {
  try {
    const xml = source.metadataXml ?? (await fetchIdpMetadata(source.metadataUrl!));
    return { xml, metadata: parseIdpMetadata(xml) };
  } catch (error) {
    if (error instanceof InvalidMetadata) throw badRequest(error.message);
    throw error;
  }
}
