// The account page and single sign-on, in headless Chromium against a real OpenID Connect
// provider: an account with a password sees "Change password"; one made by SSO sees which
// provider it signs in with instead; with PASSWORD_AUTH_ENABLED=false nobody sees the form,
// not even an account that has a password.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { hashPassword } from "../src/auth/password.ts";
import { firstRun, SHOTS_DIR } from "./helpers/dashboard.ts";
import { ssoSignIn, ssoTest } from "./helpers/sso_browser.ts";

const changePassword = (page: Page) => page.getByRole("button", { name: "Change password" });

ssoTest(
  "account page: a password account can change its password; an SSO-only account is told its provider",
  "account-sso",
  {},
  async ({ page, browser, shot }, idp, { baseUrl }) => {
    await firstRun(page, baseUrl, "ada@example.com");
    await page.goto(`${baseUrl}/account`);
    await changePassword(page).waitFor();
    assert.equal(await page.getByTestId("sign-in-method").count(), 0);

    idp.users.set("bob", { password: "pw-bob", email: "bob@example.com" });
    const bob = await (await browser.newContext()).newPage();
    await bob.goto(`${baseUrl}/signin`);
    await ssoSignIn(bob, "bob", "pw-bob");
    await bob.waitForURL((url) => !url.pathname.startsWith("/signin"));
    await bob.goto(`${baseUrl}/account`);
    await bob.getByTestId("sign-in-method").getByText("You sign in with Test IdP.").waitFor();
    assert.equal(await changePassword(bob).count(), 0);
    await bob.screenshot({ path: `${SHOTS_DIR}82-account-sso.png` });
    const me = await bob.evaluate(async () => (await fetch("/api/admin/v1/auth/me")).json());
    assert.equal(me.hasPassword, false);
    await shot("83-account-password");
  },
);

ssoTest(
  "account page: with PASSWORD_AUTH_ENABLED=false there is no password form, even for an account with a password",
  "account-sso-only",
  { PASSWORD_AUTH_ENABLED: "false" },
  async ({ page, server }, idp, { baseUrl }) => {
    idp.users.set("ada", { password: "pw-ada", email: "ada@example.com" });
    await page.goto(`${baseUrl}/signin`);
    await ssoSignIn(page, "ada", "pw-ada");
    await page.getByText("No configs yet").waitFor();
    // A password from before the switch (set in the store: the API refuses to with SSO only).
    const me = await page.evaluate(async () => (await fetch("/api/admin/v1/auth/me")).json());
    const hash = await hashPassword("an old password 123");
    await server.store.write((tx) => tx.users.setPasswordHash(me.user.id, hash));
    const after = await page.evaluate(async () => (await fetch("/api/admin/v1/auth/me")).json());
    assert.equal(after.hasPassword, true);

    await page.goto(`${baseUrl}/account`);
    await page.getByTestId("sign-in-method").getByText("You sign in with Test IdP.").waitFor();
    assert.equal(await changePassword(page).count(), 0);
  },
);
