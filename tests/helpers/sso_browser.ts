// Browser tests of single sign-on: each gets its own OpenID Connect provider (oidc_provider.ts)
// and a Dialtone configured for it.
import type { Page } from "playwright-core";
import { browserTest, type Harness } from "./dashboard.ts";
import { type SsoAddresses, ssoAddresses, startIdp, type TestIdp } from "./oidc_provider.ts";

export function ssoTest(
  name: string,
  shot: string,
  env: Record<string, string>,
  fn: (h: Harness, idp: TestIdp, at: SsoAddresses) => Promise<void>,
) {
  const at = ssoAddresses();
  browserTest(name, shot, async (h) => {
    const idp = await startIdp(at);
    try {
      await fn(h, idp, at);
    } finally {
      await idp.close();
    }
  }, { ...at.env, ...env });
}

/**
 * Clicks the SSO button and signs in at the provider's own page. The provider's session is
 * dropped first (its cookies and Dialtone's share the host), so it asks every time.
 */
export async function ssoSignIn(page: Page, login: string, password: string) {
  await page.context().clearCookies();
  await page.getByRole("link", { name: "Sign in with Test IdP" }).click();
  await page.getByRole("heading", { name: "Test IdP sign-in" }).waitFor();
  await page.getByLabel("Username").fill(login);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in to IdP" }).click();
}
