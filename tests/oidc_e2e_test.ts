// Single sign-on end to end: the dashboard in headless Chromium, Dialtone on a socket and a
// real OpenID Connect provider (npm oidc-provider) on another, both on this machine.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { apiFromPage, eventually, firstRun } from "./helpers/dashboard.ts";
import { ssoSignIn, ssoTest } from "./helpers/sso_browser.ts";

async function me(page: Page): Promise<{ status: number; email?: string; id?: string }> {
  return await page.evaluate(async () => {
    const res = await fetch("/api/admin/v1/auth/me");
    const body = await res.json();
    return { status: res.status, email: body.user?.email, id: body.user?.id };
  });
}

async function signOut(page: Page, base: string) {
  await page.goto(`${base}/account`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signin/);
}

/**
 * Rewrites one parameter of the authorization request Dialtone sends the browser off with, as
 * an attacker in the middle would; the provider then echoes the altered value.
 */
async function tamper(page: Page, param: "state" | "nonce") {
  const hits = { count: 0 };
  await page.route((url) => url.pathname === "/api/auth/oidc/login", async (route) => {
    hits.count++;
    const response = await route.fetch({ maxRedirects: 0 });
    const headers = response.headers();
    const location = new URL(headers.location!);
    location.searchParams.set(param, `${location.searchParams.get(param)}x`);
    await route.fulfill({ status: 302, headers: { ...headers, location: location.href } });
  });
  return hits;
}

ssoTest(
  "SSO: the first sign-in creates the account; logout ends it; tampered state and nonce and a foreign domain are refused",
  "oidc-first",
  { OIDC_ALLOWED_DOMAINS: "example.com" },
  async ({ page, shot }, idp, at) => {
    idp.users.set("ada", { password: "pw-ada", email: "Ada@Example.com", name: "Ada" });
    idp.users.set("eve", { password: "pw-eve", email: "eve@evil.test" });
    await page.goto(at.baseUrl);
    await page.waitForURL(/\/setup$/);
    await shot("oidc-setup");
    await ssoSignIn(page, "ada", "pw-ada");
    await page.getByText("No configs yet").waitFor();
    const first = await me(page);
    assert.equal(first.status, 200);
    assert.equal(first.email, "ada@example.com");

    await signOut(page, at.baseUrl);
    assert.equal((await me(page)).status, 401);

    for (const param of ["state", "nonce"] as const) {
      const hits = await tamper(page, param);
      await ssoSignIn(page, "ada", "pw-ada");
      await page.getByRole("alert").filter({ hasText: "did not check out" }).waitFor();
      assert.equal(hits.count, 1);
      assert.equal((await me(page)).status, 401, `a tampered ${param} signed someone in`);
      await page.unrouteAll();
    }

    await ssoSignIn(page, "eve", "pw-eve");
    await page.getByRole("alert").filter({ hasText: 'the domain "evil.test" may not use' })
      .waitFor();
    await shot("oidc-domain-refused");
    assert.equal((await me(page)).status, 401);

    // The same person again: the linked identity, the same account.
    await ssoSignIn(page, "ada", "pw-ada");
    await page.getByText("No configs yet").waitFor();
    assert.equal((await me(page)).id, first.id);
  },
);

ssoTest(
  "SSO: a password account with the same verified email is linked; an unverified email is refused",
  "oidc-link",
  {},
  async ({ page }, idp, at) => {
    await firstRun(page, at.baseUrl, "ada@example.com");
    const password = await me(page);
    await signOut(page, at.baseUrl);

    idp.users.set("mallory", {
      password: "pw-m",
      email: "ada@example.com",
      emailVerified: false,
    });
    await ssoSignIn(page, "mallory", "pw-m");
    await page.getByRole("alert").filter({ hasText: "has not verified this email" }).waitFor();
    assert.equal((await me(page)).status, 401);

    idp.users.set("ada", { password: "pw-ada", email: "ada@example.com" });
    await ssoSignIn(page, "ada", "pw-ada");
    await page.getByText("No configs yet").waitFor();
    assert.equal((await me(page)).id, password.id);
  },
);

ssoTest(
  "SSO only (PASSWORD_AUTH_ENABLED=false): no password form, password login refused, and an admin ends a member's sessions",
  "oidc-only",
  { PASSWORD_AUTH_ENABLED: "false" },
  async ({ page, browser, shot }, idp, at) => {
    idp.users.set("ada", { password: "pw-ada", email: "ada@example.com" });
    idp.users.set("bob", { password: "pw-bob", email: "bob@example.com" });
    await page.goto(`${at.baseUrl}/signin`);
    await page.getByRole("link", { name: "Sign in with Test IdP" }).waitFor();
    assert.equal(await page.getByLabel("Password").count(), 0);
    const refused = await page.evaluate(async () => {
      const res = await fetch("/api/admin/v1/auth/login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: "ada@example.com", password: "whatever-it-is" }),
      });
      return { status: res.status, body: await res.json() };
    });
    assert.equal(refused.status, 403);
    assert.match(refused.body.error, /PASSWORD_AUTH_ENABLED=false/);

    await ssoSignIn(page, "ada", "pw-ada");
    await page.getByText("No configs yet").waitFor();
    const workspaces = await apiFromPage(page, "GET", "/workspaces");
    const w = (workspaces.body as { workspaces: { id: string }[] }).workspaces[0]!.id;
    const added = await apiFromPage(page, "POST", `/workspaces/${w}/members`, {
      email: "bob@example.com",
      role: "member",
    });
    assert.equal(added.status, 201);

    const bob = await (await browser.newContext()).newPage();
    await bob.goto(`${at.baseUrl}/signin`);
    await ssoSignIn(bob, "bob", "pw-bob");
    await eventually("bob is signed in", async () => (await me(bob)).email === "bob@example.com");

    await page.goto(`${at.baseUrl}/w/${w}/members`);
    const row = page.getByRole("row").filter({ hasText: "bob@example.com" });
    await row.getByRole("button", { name: "End sessions" }).click();
    await shot("oidc-end-sessions");
    await page.getByRole("dialog").getByRole("button", { name: "End sessions" }).click();
    await page.getByText("Ended 1 session").waitFor();
    assert.equal((await me(bob)).status, 401);
    assert.equal((await me(page)).status, 200);
  },
);
