// Issue 20's reshape in headless Chromium: the config grid by environment, whose switch for a
// boolean flag writes that one environment's own value.
import assert from "node:assert/strict";
import { apiFromPage, browserTest, firstProject, fitsWidth } from "./helpers/dashboard.ts";

type Config = {
  version: number;
  base: { value: unknown; overrides: unknown[] };
  variants: { environmentId: string; value: unknown; overrides: unknown[] }[];
};

browserTest(
  "the config grid shows each environment's value and switches a flag in one environment",
  "reshape-grid",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId, env } = await firstProject(page, h.server.url);
    const prod = env("Production");
    const dev = env("Development");
    const create = async (name: string, value: unknown, overrides: unknown[] = []) => {
      const res = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
        name,
        description: "",
        editors: [],
        variants: [],
        base: { value, schema: null, overrides },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    };
    await create("new-checkout", false, [{
      name: "Beta",
      conditions: [{
        operator: "equals",
        property: "plan",
        value: { type: "literal", value: "beta" },
      }],
      value: true,
    }]);
    await create("banner-text", "Free shipping over $50");
    const get = async (name: string) =>
      (await apiFromPage(page, "GET", `/projects/${projectId}/configs/${name}`)).body as Config;

    await page.goto(projectUrl);
    const inProd = page.getByRole("switch", { name: "new-checkout in Production" });
    const inDev = page.getByRole("switch", { name: "new-checkout in Development" });
    await inProd.waitFor();
    assert.equal(await inProd.isChecked(), false);
    const row = page.getByRole("row", { name: /banner-text/ });
    await row.getByText('"Free shipping over $50"').first().waitFor();
    assert.equal(await row.getByRole("switch").count(), 0, "no switch for a text config");

    await inProd.click();
    await page.getByText(/new-checkout on in Production: version 2/).waitFor();
    const saved = await get("new-checkout");
    assert.equal(saved.base.value, false, "the base stays");
    const own = saved.variants.find((v) => v.environmentId === prod.id)!;
    assert.equal(own.value, true);
    assert.equal(own.overrides.length, 1, "Production keeps the rule it had from the base");
    assert.equal(saved.variants.some((v) => v.environmentId === dev.id), false);
    assert.equal(await inProd.isChecked(), true);
    assert.equal(await inDev.isChecked(), false);
    const prodCell = page.getByRole("row", { name: /new-checkout/ }).getByRole("cell").nth(0);
    await prodCell.getByText("own value").waitFor();
    await shot("reshape-grid-1280");

    // Back off: Production's own value flips again, nothing else moves.
    await inProd.click();
    await page.getByText(/new-checkout off in Production: version 3/).waitFor();
    const off = await get("new-checkout");
    assert.equal(off.variants.find((v) => v.environmentId === prod.id)!.value, false);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(projectUrl);
    await inProd.waitFor();
    await shot("reshape-grid-390");
    await fitsWidth(page);
  },
);

browserTest(
  "an override of a text config is edited as text, not as JSON",
  "reshape-override-text",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId } = await firstProject(page, h.server.url);
    const res = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
      name: "banner-text",
      description: "",
      editors: [],
      variants: [],
      base: { value: "Free shipping over $50", schema: null, overrides: [] },
    });
    assert.equal(res.status, 201);
    await page.goto(`${projectUrl}/configs/banner-text/overrides`);
    await page.getByRole("button", { name: "Add override" }).click();
    const value = page.getByLabel('Value of override "Override 1"');
    assert.equal(await value.inputValue(), "Free shipping over $50", "the text, not its JSON");
    await value.fill("Free shipping for beta users");
    await shot("reshape-override-text");
    assert.equal(await page.locator(".json-problems").count(), 0);
    await page.getByRole("button", { name: "Save version 2" }).click();
    await page.getByText("Saved version 2").waitFor();
    const saved = await apiFromPage(page, "GET", `/projects/${projectId}/configs/banner-text`);
    const overrides = (saved.body as { base: { overrides: { value: unknown }[] } }).base.overrides;
    assert.equal(overrides[0]!.value, "Free shipping for beta users");
  },
);

browserTest(
  'an environment that uses the base can copy "the value only" or "value and rules"',
  "reshape-copy-value",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId, env } = await firstProject(page, h.server.url);
    const dev = env("Development");
    const res = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
      name: "max-items",
      description: "",
      editors: [],
      variants: [],
      base: {
        value: 10,
        schema: null,
        overrides: [{
          name: "Pro",
          conditions: [{
            operator: "equals",
            property: "plan",
            value: { type: "literal", value: "pro" },
          }],
          value: 50,
        }],
      },
    });
    assert.equal(res.status, 201);
    await page.goto(`${projectUrl}/configs/max-items?scope=${dev.id}`);
    await page.getByRole("button", { name: "Copy value and rules to Development" }).waitFor();
    await shot("reshape-copy-value");
    await page.getByRole("button", { name: "Copy the value only" }).click();
    await page.getByLabel("Value in Development").fill("20");
    await page.getByRole("button", { name: "Save version 2" }).click();
    await page.getByText("Saved version 2").waitFor();
    const saved = (await apiFromPage(page, "GET", `/projects/${projectId}/configs/max-items`))
      .body as Config;
    const own = saved.variants.find((v) => v.environmentId === dev.id)!;
    assert.deepEqual([own.value, own.overrides], [20, []]);
    assert.equal(saved.base.overrides.length, 1, "the base keeps its rule");
  },
);
