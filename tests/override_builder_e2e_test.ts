// The override builder in headless Chromium (issue 20): property suggestions from the rest of
// the project, "a config's value" behind an Advanced toggle, one of each operator, and an
// override's value edited as what the config holds (a switch, a text box, a number field),
// saved as that JSON type and served so by the published SDK.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { apiFromPage, browserTest, firstProject } from "./helpers/dashboard.ts";
import { connectSdk, sync } from "./helpers/sdk.ts";

type Body = { value: unknown; overrides: { value: unknown }[] };
type Config = Body & { base: Body; variants: (Body & { environmentId: string })[] };

const equals = (property: string, value: unknown) => ({
  operator: "equals",
  property,
  value: { type: "literal", value },
});

async function createConfig(
  page: Page,
  projectId: string,
  name: string,
  value: unknown,
  overrides: unknown[] = [],
) {
  const res = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
    name,
    description: "",
    editors: [],
    variants: [],
    base: { value, schema: null, overrides },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

async function getConfig(page: Page, projectId: string, name: string): Promise<Config> {
  return (await apiFromPage(page, "GET", `/projects/${projectId}/configs/${name}`)).body as Config;
}

/** Adds an override matching `subscriptionTier` = gold, typed with the suggestion list there. */
async function addGoldOverride(page: Page) {
  await page.getByRole("button", { name: "Add override" }).click();
  const cond = page.locator(".override .cond").first();
  await cond.getByLabel("Context property").fill("subscriptionTier");
  await cond.getByLabel("Expected value", { exact: true }).fill("gold");
}

async function save(page: Page, version: number) {
  await page.getByRole("button", { name: `Save version ${version}` }).click();
  await page.getByText(`Saved version ${version}`).waitFor();
}

browserTest(
  "override builder: suggestions, advanced references, one of each operator, typed values",
  "override-builder",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId, env } = await firstProject(page, h.server.url);
    const prod = env("Production");

    // Properties used elsewhere: one in another config's override, one in a segment.
    await createConfig(page, projectId, "plans", "basic", [
      { name: "Gold", conditions: [equals("subscriptionTier", "gold")], value: "gold" },
    ]);
    const segment = await apiFromPage(page, "POST", `/projects/${projectId}/segments`, {
      name: "veterans",
      description: "",
      conditions: [equals("accountAgeBucket", "old")],
    });
    assert.equal(segment.status, 201, JSON.stringify(segment.body));
    await createConfig(page, projectId, "dark-mode", false);
    await createConfig(page, projectId, "banner", "Hello");
    await createConfig(page, projectId, "max-items", 10);

    // Boolean: the override's value is a switch.
    await page.goto(`${projectUrl}/configs/dark-mode/overrides`);
    await page.getByRole("button", { name: "Add override" }).click();
    const datalist = page.locator("datalist");
    await datalist.locator('option[value="subscriptionTier"]').waitFor({ state: "attached" });
    await datalist.locator('option[value="accountAgeBucket"]').waitFor({ state: "attached" });
    const listId = await datalist.getAttribute("id");
    const cond = page.locator(".override .cond").first();
    assert.equal(await cond.getByLabel("Context property").getAttribute("list"), listId);

    // Every operator once (values and labels).
    const operator = cond.getByLabel("Operator");
    const values = await operator.locator("option").evaluateAll((os) =>
      os.map((o) => (o as HTMLOptionElement).value)
    );
    const labels = await operator.locator("option").allTextContents();
    assert.deepEqual(values, [
      "equals",
      "in",
      "not_in",
      "less_than",
      "less_than_or_equal",
      "greater_than",
      "greater_than_or_equal",
      "segmentation",
      "in_segment",
      "not_in_segment",
      "prerequisite",
      "and",
      "or",
      "not",
    ]);
    assert.equal(new Set(labels).size, labels.length, `labels repeat: ${labels.join(", ")}`);

    // A config's value only behind the Advanced toggle.
    const advanced = page.getByLabel("Advanced: compare a property with another config's value");
    assert.equal(await advanced.isChecked(), false);
    assert.equal(await cond.getByLabel("Value source").count(), 0);
    await advanced.check();
    assert.deepEqual(
      await cond.getByLabel("Value source").locator("option").evaluateAll((os) =>
        os.map((o) => (o as HTMLOptionElement).value)
      ),
      ["literal", "reference"],
    );
    await shot("override-builder-01-advanced");
    await advanced.uncheck();
    assert.equal(await cond.getByLabel("Value source").count(), 0);
    await page.getByRole("button", { name: 'Delete override "Override 1"' }).click();

    await addGoldOverride(page);
    const toggle = page.getByRole("switch", { name: 'Value of override "Override 1"' });
    assert.equal(await toggle.isChecked(), false, "a copy of the base value");
    assert.equal(await page.getByLabel('Value of override "Override 1"').count(), 1);
    await toggle.check();
    await shot("override-builder-02-boolean");
    await save(page, 2);
    assert.strictEqual(
      (await getConfig(page, projectId, "dark-mode")).base.overrides[0]!.value,
      true,
    );

    // Text: a text box, saved as a JSON string.
    await page.goto(`${projectUrl}/configs/banner/overrides`);
    await addGoldOverride(page);
    const text = page.getByLabel('Value of override "Override 1"');
    assert.equal(await text.inputValue(), "Hello");
    await text.fill("Hello, gold member");
    await shot("override-builder-03-text");
    await save(page, 2);
    assert.strictEqual(
      (await getConfig(page, projectId, "banner")).base.overrides[0]!.value,
      "Hello, gold member",
    );

    // Number: a number field, saved as a JSON number.
    await page.goto(`${projectUrl}/configs/max-items/overrides`);
    await addGoldOverride(page);
    const number = page.getByLabel('Value of override "Override 1"');
    assert.equal(await number.inputValue(), "10");
    await number.fill("25");
    await shot("override-builder-04-number");
    await save(page, 2);
    assert.strictEqual(
      (await getConfig(page, projectId, "max-items")).base.overrides[0]!.value,
      25,
    );

    // A condition that already compares with a config's value opens with Advanced on.
    await createConfig(page, projectId, "limit-check", false, [{
      name: "Over the limit",
      conditions: [{
        operator: "greater_than",
        property: "items",
        value: { type: "reference", projectId, configName: "max-items", path: [] },
      }],
      value: true,
    }]);
    await page.goto(`${projectUrl}/configs/limit-check/overrides`);
    await page.getByLabel("Value source").waitFor();
    assert.equal(await page.getByLabel("Value source").inputValue(), "reference");
    assert.equal(await advanced.isChecked(), true);
    assert.equal(await advanced.isDisabled(), true, "it cannot hide a reference in use");
    await shot("override-builder-05-reference");

    // The published SDK serves each override's value with its type.
    const key = await apiFromPage(page, "POST", `/projects/${projectId}/sdk-keys`, {
      name: "app",
      description: "",
      environmentId: prod.id,
    });
    assert.equal(key.status, 201, JSON.stringify(key.body));
    await sync(h.server);
    const sdk = await connectSdk(h.server.url, (key.body as { key: string }).key);
    try {
      const gold = { context: { subscriptionTier: "gold" } };
      const basic = { context: { subscriptionTier: "basic" } };
      assert.strictEqual(sdk.get("dark-mode", gold), true);
      assert.strictEqual(sdk.get("dark-mode", basic), false);
      assert.strictEqual(sdk.get("banner", gold), "Hello, gold member");
      assert.strictEqual(sdk.get("banner", basic), "Hello");
      assert.strictEqual(sdk.get("max-items", gold), 25);
      assert.strictEqual(sdk.get("max-items", basic), 10);
    } finally {
      sdk.disconnect();
    }
  },
);

browserTest(
  "config editor: opens on the sidebar's environment and marks one that differs from base",
  "override-builder-env",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId, env } = await firstProject(page, h.server.url);
    const dev = env("Development");
    const prod = env("Production");
    const res = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
      name: "dark-mode",
      description: "",
      editors: [],
      base: { value: false, schema: null, overrides: [] },
      variants: [
        { environmentId: dev.id, value: true, schema: null, overrides: [] },
        { environmentId: prod.id, value: false, schema: null, overrides: [] },
      ],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));

    // Development chosen in the sidebar: the editor opens on its value.
    await page.locator("#env-switch").selectOption(dev.id);
    await page.goto(`${projectUrl}/configs/dark-mode`);
    const devValue = page.getByRole("switch", { name: "Value in Development" });
    await devValue.waitFor();
    assert.equal(await devValue.isChecked(), true);
    const bar = page.getByRole("group", { name: "Edit the value for" });
    assert.equal(await bar.getByLabel("(differs from base)").count(), 1, "Development only");
    assert.equal(
      await bar.getByRole("button", { name: /Development/ }).getByLabel("(differs from base)")
        .count(),
      1,
    );
    await shot("override-builder-06-sidebar-env");

    // On the base, the sidebar's environment is named with a way back to it.
    await bar.getByRole("button", { name: "Base", exact: true }).click();
    await page.getByText("Development (chosen in the sidebar) has its own value, which differs")
      .waitFor();
    await page.getByRole("button", { name: "Edit Development instead" }).click();
    await devValue.waitFor();

    // The Environments tab says which own values differ from the base.
    await page.getByRole("tab", { name: "Environments" }).click();
    await page.getByRole("region", { name: "Development" }).getByText("differs from base")
      .waitFor();
    await page.getByRole("region", { name: "Production" }).getByText("same as base").waitFor();
    await shot("override-builder-07-environments");
  },
);
