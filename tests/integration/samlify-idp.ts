import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { type AuthnRequest, keyPair, type Misconduct, type Person, type TestIdp } from "./saml-idp";

/**
 * samlify (an implementation we did not write) as the IdP: it reads our AuthnRequests, checked against the SAML schemas
 * by xmllint, and our service provider metadata, and answers in each form real IdPs are set up to use, signing and
 * encrypting its own way. It serves only its metadata: tests take its answers straight from `respond`, as they do
 * from our IdP, rather than through a sign-in page.
 */

// CommonJS whose SamlLib and Utility Node's ESM loader cannot see as named exports; the validator ships no types.
const require = createRequire(import.meta.url);
const { Constants, Extractor, IdentityProvider, SamlLib, ServiceProvider, setSchemaValidator, Utility } = require("samlify") as typeof import("samlify");
setSchemaValidator(require("@authenio/samlify-xmllint-wasm") as { validate: (xml: string) => Promise<unknown> });

/** What the IdP signs, and whether it encrypts the assertion to the certificate in our metadata. */
export const FORMS = {
  "signed assertion": { signAssertion: true, signResponse: false, encrypt: false },
  "signed response and assertion": { signAssertion: true, signResponse: true, encrypt: false },
  "encrypted signed assertion": { signAssertion: true, signResponse: false, encrypt: true },
  "encrypted signed assertion in a signed response": { signAssertion: true, signResponse: true, encrypt: true },
  "signed response": { signAssertion: false, signResponse: true, encrypt: false },
  "encrypted assertion in a signed response": { signAssertion: false, signResponse: true, encrypt: true },
} as const;
export type Form = keyof typeof FORMS;

export interface SamlifyMisconduct extends Misconduct {
  /** Encrypted to a certificate that is not the one in our metadata (one we have since replaced, say). */
  encryptToAnotherKey?: boolean;
}

const at = (secondsFromNow: number) => new Date(Date.now() + secondsFromNow * 1000).toISOString();

export async function samlifyIdp() {
  const [key, otherKey] = await Promise.all([keyPair("samlify IdP"), keyPair("Someone else")]);
  let server: Server | null = null;
  let origin = "";
  let metadata = "";

  const entityId = () => `${origin}/idp`;
  const loginResponseTemplate = {
    context: SamlLib.defaultLoginResponseTemplate.context,
    attributes: [
      { name: "email", valueTag: "email", nameFormat: "urn:oasis:names:tc:SAML:2.0:attrname-format:basic", valueXsiType: "xs:string" },
      { name: "displayName", valueTag: "name", nameFormat: "urn:oasis:names:tc:SAML:2.0:attrname-format:basic", valueXsiType: "xs:string" },
    ],
  };
  // From the published metadata: the impostor copied it, certificate included, but signs with a key of its own.
  const identityProvider = (signer: { privateKey: string }, encrypt: boolean) =>
    IdentityProvider({ metadata, privateKey: signer.privateKey, isAssertionEncrypted: encrypt, loginResponseTemplate });

  // Our entity ID is also where our metadata is, which is how an IdP admin would be told to add us.
  const publishedServiceProvider = async (spEntityId: string) => ServiceProvider({ metadata: await (await fetch(spEntityId)).text() });

  async function readRequest(redirectUrl: string): Promise<AuthnRequest> {
    const query = Object.fromEntries(new URL(redirectUrl).searchParams);
    // samlify parses a request against the SP that sent it, so the Issuer is read first to find which SP that is.
    const { issuer } = Extractor.extract(Utility.inflateString(query.SAMLRequest ?? ""), [{ key: "issuer", localPath: ["AuthnRequest", "Issuer"], attributes: [] }]);
    const sp = await publishedServiceProvider(String(issuer));
    const { extract } = await identityProvider(key, false).parseLoginRequest(sp, "redirect", { query });
    const request = extract.request as Record<string, string>;
    const acsUrl = String(sp.entityMeta.getAssertionConsumerService("post"));
    // An IdP posts only to an ACS URL the SP's metadata names, whatever the request asks for.
    if (request.assertionConsumerServiceUrl !== acsUrl) throw new Error(`AuthnRequest names ACS ${request.assertionConsumerServiceUrl}, metadata ${acsUrl}`);
    return { id: request.id!, acsUrl, spEntityId: String(extract.issuer) };
  }

  async function respond(request: AuthnRequest, person: Person, misconduct: SamlifyMisconduct = {}, form: Form = "signed assertion"): Promise<string> {
    const { signAssertion, signResponse, encrypt } = FORMS[form];
    const published = (await publishedServiceProvider(request.spEntityId)).entityMeta;
    // The IdP admin's settings for us, taken from our metadata, except for what this form signs.
    const sp = ServiceProvider({
      entityID: published.getEntityID(),
      assertionConsumerService: [{ Binding: Constants.namespace.binding.post, Location: String(published.getAssertionConsumerService("post")) }],
      wantAssertionsSigned: signAssertion,
      wantMessageSigned: signResponse,
      ...(encrypt && { encryptCert: misconduct.encryptToAnotherKey ? otherKey.cert : String(published.getX509Certificate("encryption")) }),
    });
    const idp = identityProvider(misconduct.signWithAnotherKey ? otherKey : key, encrypt);
    const acsUrl = String(sp.entityMeta.getAssertionConsumerService("post"));
    const notOnOrAfter = at(misconduct.notOnOrAfter ?? 300);
    const answer = await idp.createLoginResponse(sp, { extract: { request: { id: request.id } } }, "post", { email: person.email }, {
      // Encrypting after signing the assertion and before signing the Response keeps both signatures verifiable.
      encryptThenSign: true,
      // samlify fills attribute values only through this callback, so the callback gives every value.
      customTagReplacement: (template) => {
        const id = `_${randomUUID()}`;
        const context = SamlLib.replaceTagsByValue(template, {
          ID: id,
          AssertionID: `_${randomUUID()}`,
          Issuer: idp.entityMeta.getEntityID(),
          IssueInstant: at(0),
          StatusCode: Constants.StatusCode.Success,
          InResponseTo: request.id,
          Destination: misconduct.recipient ?? acsUrl,
          SubjectRecipient: misconduct.recipient ?? acsUrl,
          Audience: misconduct.audience ?? sp.entityMeta.getEntityID(),
          NameIDFormat: Constants.namespace.format.emailAddress,
          NameID: person.subject ?? person.email,
          ConditionsNotBefore: at(misconduct.notBefore ?? 0),
          ConditionsNotOnOrAfter: notOnOrAfter,
          SubjectConfirmationDataNotOnOrAfter: notOnOrAfter,
          AuthnStatement: "",
          attrEmail: person.email,
          attrName: person.name,
        });
        return { id, context };
      },
    });
    return answer.context;
  }

  return {
    name: "samlify",
    entityId,
    metadataXml: () => metadata,
    metadataUrl: () => `${origin}/metadata`,
    ssoUrl: () => `${origin}/sso`,
    readRequest,
    respond,
    async listen() {
      server = createServer((req, res) => {
        if (req.url !== "/metadata") return void res.writeHead(404).end();
        res.writeHead(200, { "content-type": "application/samlmetadata+xml" });
        res.end(metadata);
      });
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      origin = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
      metadata = IdentityProvider({
        entityID: entityId(),
        signingCert: key.cert,
        nameIDFormat: [Constants.namespace.format.emailAddress],
        singleSignOnService: [{ Binding: Constants.namespace.binding.redirect, Location: `${origin}/sso` }],
      }).getMetadata();
    },
    async close() {
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    },
  } satisfies TestIdp;
}
