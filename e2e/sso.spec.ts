import type { AddressInfo } from "node:net";
import { expect, type Locator, type Page } from "@playwright/test";
import Provider from "oidc-provider";
import { samlIdp } from "../tests/integration/saml-idp";
import { txtDnsServer } from "../tests/integration/txt-dns-server";
import { createWorkspace, newPerson, newSignedInPage, test } from "./helpers";

// A real OpenID provider, a SAML IdP with its own key pair, and a real DNS server on loopback, started by this file.
const DNS_PORT = 15399;
const dns = txtDnsServer(DNS_PORT);
const saml = await samlIdp();

let issuer = "";
let idp: ReturnType<Provider["listen"]>;
const CLIENT = { client_id: "confab", client_secret: "confab-oidc-secret" };

test.beforeAll(async ({ baseURL }) => {
  await Promise.all([dns.listen(), saml.listen()]);
  idp = await new Promise((resolve) => {
    const server = new Provider("http://127.0.0.1", {}).listen(0, "127.0.0.1", () => resolve(server));
  });
  // The issuer must name its real port, so the provider is made again now that the port is known.
  const port = (idp.address() as AddressInfo).port;
  idp.close();
  issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [{ ...CLIENT, redirect_uris: [`${baseURL}/api/sso/oidc/callback`], grant_types: ["authorization_code"], response_types: ["code"] }],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: async (_context, id) => ({ accountId: id, claims: async () => ({ sub: `idp-${id}`, email: id, email_verified: true, name: "Olivia Okta" }) }),
    features: { devInteractions: { enabled: true } },
  });
  idp = await new Promise((resolve) => {
    const server = provider.listen(port, "127.0.0.1", () => resolve(server));
  });
});

test.afterAll(async () => {
  idp?.close();
  await Promise.all([dns.close(), saml.close()]);
});

async function query(page: Page, path: string, input?: unknown) {
  const encoded = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  return (await (await page.request.get(`/api/trpc/${path}${encoded}`)).json()).result.data.json;
}

/** Claims the domain in the SSO settings, publishes the TXT record Confab shows, and has it checked. */
async function verifyDomain(sso: Locator, domain: string) {
  await sso.getByLabel("Domain", { exact: true }).fill(domain);
  await sso.getByRole("button", { name: "Add domain" }).click();
  const claim = sso.getByRole("list", { name: "Email domains" }).getByRole("listitem").filter({ hasText: domain });
  await expect(claim.locator("code")).toHaveCount(2);
  const [recordName, recordValue] = await claim.locator("code").allInnerTexts();
  // The admin publishes the record Confab shows (the "not found yet" answer is covered by the integration tests).
  dns.publish(recordName!, recordValue!);
  await claim.getByRole("button", { name: "Check now" }).click();
  await expect(claim).toContainText("Verified");
}

async function continueWithSso(page: Page, email: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Continue with SSO" }).click();
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
}

async function signInThroughIdp(page: Page, email: string) {
  await continueWithSso(page, email);
  // oidc-provider's own (development) login and consent pages; skipped when its session already knows the person.
  // Back in Confab means a workspace, or the SSO error page.
  const backInConfab = () => page.waitForURL(/\/w\/|\/sso\/error/).then(() => false);
  const login = page.locator('input[name="login"]');
  if (!(await Promise.race([login.waitFor().then(() => true), backInConfab()]))) return;
  await login.fill(email);
  await page.locator('input[name="password"]').fill("anything");
  await page.locator('button[type="submit"]').click();
  const consent = page.getByRole("button", { name: /continue|authorize/i });
  if (await Promise.race([consent.waitFor().then(() => true), backInConfab()])) await consent.click();
}

test("SSO with a real OpenID provider: first sign-in creates the account and membership, then it signs the person back in", async ({ browser }) => {
  const ana = newPerson("Ana");
  const anaPage = await newSignedInPage(browser, ana);
  const generalUrl = await createWorkspace(anaPage, `Acme ${Date.now()}`);
  const workspaceId = (await query(anaPage, "workspaces.list"))[0].id as string;
  const domain = `acme-${Date.now().toString(36)}.example`;

  // Ana sets SSO up in the workspace settings, as an admin would.
  await anaPage.goto(generalUrl.replace(/\/c\/.*$/, "/settings"));
  const sso = anaPage.getByRole("region", { name: "Single sign-on" });
  await sso.getByLabel("Name", { exact: true }).fill("Acme IdP");
  await sso.getByLabel("Issuer URL").fill(issuer);
  await sso.getByLabel("Client ID").fill(CLIENT.client_id);
  await sso.getByLabel("Client secret").fill(CLIENT.client_secret);
  await sso.getByRole("button", { name: "Add identity provider" }).click();
  await expect(sso.getByRole("list", { name: "SSO connections" })).toContainText("Acme IdP");
  await expect(sso).not.toContainText(CLIENT.client_secret);
  await verifyDomain(sso, domain);

  // Olivia has never used Confab: the IdP vouches for her, and she lands in the workspace.
  const olivia = await (await browser.newContext()).newPage();
  const email = `olivia@${domain}`;
  let oliviaCallbackUrl = "";
  olivia.on("request", (request) => void (request.url().includes("/api/sso/oidc/callback?") && (oliviaCallbackUrl ||= request.url())));
  await signInThroughIdp(olivia, email);
  await expect(olivia.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  await expect(olivia.getByRole("button", { name: /Your profile and preferences \(Olivia Okta\)/ })).toBeVisible();

  // She signs out and back in: the same account, no second membership.
  await olivia.getByRole("button", { name: /Your profile and preferences/ }).click();
  await olivia.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(olivia).toHaveURL(/\/signin/);
  await signInThroughIdp(olivia, email);
  await expect(olivia.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  const members = (await query(anaPage, "workspaces.members", { workspaceId })) as Array<{ email: string }>;
  expect(members.filter((member) => member.email === email)).toHaveLength(1);

  // Require SSO: the password form now refuses her domain, with words.
  await anaPage.reload();
  const requireSso = anaPage.getByRole("region", { name: "Single sign-on" }).getByLabel("Require SSO");
  await requireSso.click();
  await expect(requireSso).toBeChecked();
  await expect(anaPage.getByRole("region", { name: "Single sign-on" }).getByRole("list", { name: "SSO audit log" })).toContainText("Required SSO");
  const other = await (await browser.newContext()).newPage();
  await other.goto("/signin");
  await other.getByLabel("Email", { exact: true }).fill(email);
  await other.getByLabel("Password").fill("whatever-password-1");
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByText("Your organization requires single sign-on")).toBeVisible();

  // An address whose domain nobody verified is told so, on the sign-in page.
  await continueWithSso(other, "someone@unverified.example");
  await expect(other.getByRole("heading", { name: "Single sign-on did not work" })).toBeVisible();
  await expect(other.getByRole("main").getByRole("alert")).toHaveText("No organization has set up single sign-on for unverified.example. Sign in with your password instead.");

  // Olivia's answer from the IdP, replayed: in a browser whose own sign-in is waiting for another state, and in a
  // browser that started none.
  const tampered = await (await browser.newContext()).newPage();
  await continueWithSso(tampered, email);
  await tampered.locator('input[name="login"]').waitFor();
  await tampered.goto(oliviaCallbackUrl);
  await expect(tampered.getByRole("main").getByRole("alert")).toHaveText(/Your identity provider's answer could not be accepted/);
  const elsewhere = await (await browser.newContext()).newPage();
  await elsewhere.goto(oliviaCallbackUrl);
  await expect(elsewhere.getByRole("main").getByRole("alert")).toHaveText(/expired or was opened in another browser/);
  for (const page of [tampered, elsewhere]) {
    await page.goto("/");
    await expect(page).toHaveURL(/\/signin/);
  }

  const log = (await query(anaPage, "audit.list", { workspaceId, category: "sso" })) as Array<{ action: string }>;
  expect(log.map((entry) => entry.action)).toEqual(["sso.required", "sso.login", "sso.login", "sso.domain_verified", "sso.domain_claimed", "sso.connection_created"]);
});

test("SSO with a SAML IdP: the admin gives it Confab's details, people sign in through it, replays are refused", async ({ browser, baseURL }) => {
  const ana = newPerson("Ana");
  const anaPage = await newSignedInPage(browser, ana);
  const generalUrl = await createWorkspace(anaPage, `Saml Co ${Date.now()}`);
  const workspaceId = (await query(anaPage, "workspaces.list"))[0].id as string;
  const domain = `samlco-${Date.now().toString(36)}.example`;

  // Ana picks SAML: Confab shows what to give the IdP, then takes the IdP's metadata URL.
  await anaPage.goto(generalUrl.replace(/\/c\/.*$/, "/settings"));
  const sso = anaPage.getByRole("region", { name: "Single sign-on" });
  await sso.getByRole("radio", { name: "SAML 2.0" }).check();
  const forIdp = sso.getByRole("region", { name: "For your identity provider" });
  await expect(forIdp).toContainText(`${baseURL}/api/sso/saml/${workspaceId}/acs`);
  await expect(forIdp).toContainText(`${baseURL}/api/sso/saml/${workspaceId}/metadata`);
  await sso.getByLabel("Name", { exact: true }).fill("Saml Co IdP");
  await sso.getByLabel("Metadata URL").fill(saml.metadataUrl());
  await sso.getByRole("button", { name: "Add identity provider" }).click();
  const connections = sso.getByRole("list", { name: "SSO connections" });
  await expect(connections).toContainText(`SAML · ${saml.entityId()}`);
  await expect(connections).toContainText("Signing certificate valid until");
  await verifyDomain(sso, domain);

  // Sam has never used Confab: Continue with SSO → the IdP's sign-in page → back, signed in, in the workspace.
  const samContext = await browser.newContext();
  const sam = await samContext.newPage();
  const email = `sam@${domain}`;
  async function signInAtIdp() {
    await continueWithSso(sam, email);
    await expect(sam.getByRole("heading", { name: "Test IdP sign-in" })).toBeVisible();
    await expect(sam.getByLabel("IdP email")).toHaveValue(email);
    await sam.getByLabel("IdP name").fill("Sam Saml");
    const posted = sam.waitForRequest((request) => request.url().endsWith(`/api/sso/saml/${workspaceId}/acs`) && request.method() === "POST");
    await sam.getByRole("button", { name: "Sign in at the IdP" }).click();
    return (await posted).postData()!;
  }
  const firstAnswer = await signInAtIdp();
  await expect(sam.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  await expect(sam.getByRole("button", { name: /Your profile and preferences \(Sam Saml\)/ })).toBeVisible();

  // Signed out and back in: the same account and one membership.
  await sam.getByRole("button", { name: /Your profile and preferences/ }).click();
  await sam.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(sam).toHaveURL(/\/signin/);
  await signInAtIdp();
  await expect(sam.getByRole("heading", { level: 1, name: "general" })).toBeVisible();
  const members = (await query(anaPage, "workspaces.members", { workspaceId })) as Array<{ email: string }>;
  expect(members.filter((member) => member.email === email)).toHaveLength(1);

  // Someone who captured Sam's first answer posts it from another browser: refused, on a page that says so.
  const thief = await (await browser.newContext()).newPage();
  await thief.goto("/signin");
  const samlResponse = new URLSearchParams(firstAnswer).get("SAMLResponse")!;
  await thief.evaluate(`(() => {
    const form = Object.assign(document.createElement("form"), { method: "POST", action: ${JSON.stringify(`/api/sso/saml/${workspaceId}/acs`)} });
    form.append(Object.assign(document.createElement("input"), { type: "hidden", name: "SAMLResponse", value: ${JSON.stringify(samlResponse)} }));
    document.body.append(form);
    form.submit();
  })()`);
  await expect(thief.getByRole("heading", { name: "Single sign-on did not work" })).toBeVisible();
  await expect(thief.getByRole("main").getByRole("alert")).toHaveText(/already finished/);
  await thief.goto("/");
  await expect(thief).toHaveURL(/\/signin/);

  // Ana edits the connection: a new name, and new people join as guests.
  await sso.getByRole("button", { name: "Edit Saml Co IdP" }).click();
  const dialog = anaPage.getByRole("dialog", { name: "Edit Saml Co IdP" });
  await dialog.getByLabel("Name", { exact: true }).fill("Saml Co Entra");
  await dialog.getByLabel("New people join as").selectOption("guest");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(connections).toContainText("Saml Co Entra");
  await expect(connections).toContainText("new people join as guest");
  const log = (await query(anaPage, "audit.list", { workspaceId, category: "sso" })) as Array<{ action: string }>;
  expect(log.map((entry) => entry.action)).toEqual(["sso.connection_updated", "sso.login", "sso.login", "sso.domain_verified", "sso.domain_claimed", "sso.connection_created"]);
});
