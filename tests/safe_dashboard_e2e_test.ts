// The safe-change screens (docs/safe_changes.md) in headless Chromium against a real server:
// the kill switch on a config and its badge in the list, scheduling a save and the upcoming
// changes list, and rolling a project back to an earlier time with the preview.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { apiFromPage, browserTest, eventually, firstRun } from "./helpers/dashboard.ts";

type Env = { id: string; name: string };
type Variant = { environmentId: string; value: unknown; overrides: unknown[] };
type Config = {
  version: number;
  base: { value: unknown; overrides: unknown[] };
  variants: Variant[];
};

const beta = [{
  name: "pro users",
  conditions: [{ operator: "equals", property: "plan", value: { type: "literal", value: "pro" } }],
  value: true,
}];

/** First run, then a config made through the API; answers the project's ids and URL. */
async function setUp(page: Page, url: string, name: string, value: unknown) {
  await firstRun(page, url);
  const projectUrl = page.url();
  const projectId = projectUrl.split("/p/")[1]!.split(/[/?]/)[0]!;
  const envs = (await apiFromPage(page, "GET", `/projects/${projectId}/environments`)).body as {
    environments: Env[];
  };
  const made = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
    name,
    description: "The checkout flow",
    base: { value, schema: null, overrides: typeof value === "boolean" ? beta : [] },
    variants: [],
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const env = (n: string) => envs.environments.find((e) => e.name === n)!.id;
  return { projectId, projectUrl, env };
}

async function getConfig(page: Page, projectId: string, name: string): Promise<Config> {
  const res = await apiFromPage(page, "GET", `/projects/${projectId}/configs/${name}`);
  assert.equal(res.status, 200);
  return res.body as Config;
}

browserTest(
  "dashboard: kill switch on a config page, its badge in the list, undo",
  "safe-kill",
  async (h) => {
    const { page, shot } = h;
    const { projectId, projectUrl, env } = await setUp(page, h.server.url, "checkout", true);
    const prod = env("Production");
    await page.goto(`${projectUrl}/configs/checkout`);
    await page.getByRole("heading", { name: "checkout" }).waitFor();

    await page.getByRole("button", { name: "Kill switch…" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Where").selectOption({ label: "Production" });
    // The config is a boolean: the safe value is a true/false choice, not free JSON.
    assert.deepEqual(
      await dialog.getByLabel("Safe value").locator("option").allTextContents(),
      ["false", "true"],
    );
    await dialog.getByLabel("Safe value").selectOption("false");
    const go = dialog.getByRole("button", { name: "Switch off now" });
    assert.equal(await go.isDisabled(), true, "no reason, no kill");
    await dialog.getByText("Every client in Production gets false; 1 override suspended.")
      .waitFor();
    await dialog.getByLabel("Reason").fill("Payments failing for pro users");
    await shot("70-kill-switch-dialog");
    await go.click();

    const banner = page.getByTestId("kill-switch");
    await banner.getByText("Kill switch on in Production.").waitFor();
    await banner.getByText("Reason: “Payments failing for pro users”").waitFor();
    await banner.getByText(/Switched off by .*ada@example\.com|Switched off by Ada/).waitFor();
    assert.equal(await page.getByRole("button", { name: "Kill switch…" }).count(), 0);
    const killed = await getConfig(page, projectId, "checkout");
    const variant = killed.variants.find((v) => v.environmentId === prod)!;
    assert.deepEqual([variant.value, variant.overrides], [false, []]);
    assert.equal(killed.base.overrides.length, 1, "only Production was switched off");
    await page.getByText(`version ${killed.version} ·`).waitFor();
    await shot("71-kill-switch-banner");

    // The list marks the killed config.
    await page.getByRole("link", { name: "Configs" }).first().click();
    const row = page.getByRole("row", { name: /checkout/ });
    await row.getByText("killed", { exact: true }).waitFor();
    await shot("72-kill-switch-list");

    // A second kill through the API is refused; the page's Undo puts back what was replaced.
    const again = await apiFromPage(
      page,
      "POST",
      `/projects/${projectId}/configs/checkout/kill-switch`,
      {
        value: false,
        reason: "again",
      },
    );
    assert.equal(again.status, 409);
    await row.getByRole("link", { name: "checkout" }).click();
    await banner.getByRole("button", { name: "Undo kill switch" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Undo kill switch" }).click();
    await page.getByText(/Kill switch undone: version \d+/).waitFor();
    await banner.waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Kill switch…" }).waitFor();
    const undone = await getConfig(page, projectId, "checkout");
    assert.equal(undone.variants.length, 0, "Production had no variant before the kill");
    await page.getByRole("link", { name: "Configs" }).first().click();
    await page.getByRole("row", { name: /checkout/ }).waitFor();
    await eventually(
      "the badge to go",
      async () => (await page.getByText("killed", { exact: true }).count()) === 0,
    );
    assert.deepEqual(h.pageErrors, []);
  },
);
