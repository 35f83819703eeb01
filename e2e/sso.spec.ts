import type { AddressInfo } from "node:net";
import { expect, type Page, test } from "@playwright/test";
import Provider from "oidc-provider";
import { txtDnsServer } from "../tests/integration/txt-dns-server";
import { createWorkspace, newPerson, newSignedInPage } from "./helpers";

// A real OpenID provider and a real DNS server on loopback, started by this file.
const DNS_PORT = 15399;
const dns = txtDnsServer(DNS_PORT);

let issuer = "";
let idp: ReturnType<Provider["listen"]>;
const CLIENT = { client_id: "confab", client_secret: "confab-oidc-secret" };

test.beforeAll(async ({ baseURL }) => {
  await dns.listen();
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
  await dns.close();
});

async function query(page: Page, path: string, input?: unknown) {
  const encoded = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  return (await (await page.request.get(`/api/trpc/${path}${encoded}`)).json()).result.data.json;
}

async function signInThroughIdp(page: Page, email: string) {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Continue with SSO" }).click();
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  // oidc-provider's own (development) login and consent pages; skipped when its session already knows the person.
  const login = page.locator('input[name="login"]');
  const asked = await Promise.race([login.waitFor().then(() => true), page.waitForURL(/\/w\//).then(() => false)]);
  if (!asked) return;
  await login.fill(email);
  await page.locator('input[name="password"]').fill("anything");
  await page.locator('button[type="submit"]').click();
  const consent = page.getByRole("button", { name: /continue|authorize/i });
  if (await Promise.race([consent.waitFor().then(() => true), page.waitForURL(/\/w\//).then(() => false)])) await consent.click();
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
  await sso.getByLabel("Domain", { exact: true }).fill(domain);
  await sso.getByRole("button", { name: "Add domain" }).click();
  const claim = sso.getByRole("list", { name: "Email domains" }).getByRole("listitem").filter({ hasText: domain });
  await expect(claim.locator("code")).toHaveCount(2);
  const [recordName, recordValue] = await claim.locator("code").allInnerTexts();
  // Ana publishes the record Confab shows (the "not found yet" answer is covered by the integration tests).
  dns.publish(recordName!, recordValue!);
  await claim.getByRole("button", { name: "Check now" }).click();
  await expect(claim).toContainText("Verified");

  // Olivia has never used Confab: the IdP vouches for her, and she lands in the workspace.
  const olivia = await (await browser.newContext()).newPage();
  const email = `olivia@${domain}`;
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
  await other.goto("/signin");
  await other.getByRole("button", { name: "Continue with SSO" }).click();
  await other.getByLabel("Work email").fill("someone@unverified.example");
  await other.getByRole("button", { name: "Continue", exact: true }).click();
  await expect(other.getByText("No organization has set up single sign-on for unverified.example")).toBeVisible();

  const log = (await query(anaPage, "sso.auditLog", { workspaceId })) as Array<{ action: string }>;
  expect(log.map((entry) => entry.action)).toEqual(["sso.required", "sso.login", "sso.login", "sso.domain_verified", "sso.domain_claimed", "sso.connection_created"]);
});
