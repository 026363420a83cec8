// The audit log in headless Chromium: a restore entry's details (bug 5 of issue 20: the After
// pane was cut off by its card) show a before/after diff that fits the card, with names.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { apiFromPage, browserTest, firstRun, projectIdOf } from "./helpers/dashboard.ts";

async function projectOf(page: Page) {
  const url = page.url();
  return { url, id: await projectIdOf(page, url) };
}

/** A config with a long, wide value, changed once and then restored to its first version. */
async function restoredConfig(page: Page, projectId: string) {
  const wide = (n: number) => ({
    banner: `Free shipping on every order over fifty dollars, version ${n}`.repeat(3),
    items: Array.from({ length: 12 }, (_, i) => `item-${i}-${"x".repeat(40)}`),
  });
  const created = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
    name: "checkout-copy",
    description: "",
    editors: [],
    base: { value: wide(1), schema: null, overrides: [] },
    variants: [],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const path = `/projects/${projectId}/configs/checkout-copy`;
  const patched = await apiFromPage(page, "PATCH", path, {
    baseVersion: 1,
    base: { value: wide(2), schema: null, overrides: [] },
  });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  const restored = await apiFromPage(page, "POST", `${path}/versions/1/restore`, {
    baseVersion: 2,
  });
  assert.equal(restored.status, 200, JSON.stringify(restored.body));
}

browserTest(
  "audit log: a restore entry's details fit their card and show the change as a diff",
  "audit-restore-details",
  async (h) => {
    const { page, shot } = h;
    await firstRun(page, h.server.url);
    const project = await projectOf(page);
    await restoredConfig(page, project.id);

    await page.goto(`${project.url}/audit`);
    const row = page.locator("tr", { hasText: "config.restore" });
    await row.getByRole("button", { name: "Details" }).click();
    const detail = page.locator("tr.audit-detail");
    await detail.waitFor();

    // Everything of the details lies inside the card (the table's scroll box), and the page
    // does not scroll sideways.
    const card = (await page.locator(".table-wrap").first().boundingBox())!;
    const panes = await detail.locator("td > *").all();
    assert.ok(panes.length > 0);
    for (const pane of panes) {
      const box = (await pane.boundingBox())!;
      assert.ok(
        box.x + box.width <= card.x + card.width + 1,
        `a detail pane ends at ${box.x + box.width}px, past its card at ${card.x + card.width}px`,
      );
    }
    const sideways = await page.evaluate(() =>
      document.documentElement.scrollWidth - document.documentElement.clientWidth
    );
    assert.equal(sideways, 0, "the page scrolls sideways");

    // The change reads as a diff: the removed and the added line of the banner.
    const diff = detail.getByRole("table", { name: /Changes in this entry/ });
    await diff.waitFor();
    assert.match((await diff.locator("td.del").allTextContents()).join("\n"), /version 2/);
    assert.match((await diff.locator("td.add").allTextContents()).join("\n"), /version 1/);
    await shot("audit-restore-details");
    assert.deepEqual(h.pageErrors, []);
  },
);

browserTest(
  "config history: the change between two versions reads in words, by environment name",
  "history-summary",
  async (h) => {
    const { page, shot } = h;
    await firstRun(page, h.server.url);
    const project = await projectOf(page);
    const envs = await apiFromPage(page, "GET", `/projects/${project.id}/environments`);
    const prod = (envs.body as { environments: { id: string; name: string }[] }).environments
      .find((e) => e.name === "Production")!;
    const created = await apiFromPage(page, "POST", `/projects/${project.id}/configs`, {
      name: "new-checkout",
      description: "",
      editors: [],
      base: { value: false, schema: null, overrides: [] },
      variants: [],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const rollout = {
      name: "25% rollout",
      conditions: [{
        operator: "segmentation",
        property: "userId",
        fromPercentage: 0,
        toPercentage: 25,
        seed: "seed-1",
      }],
      value: true,
    };
    const patched = await apiFromPage(
      page,
      "PATCH",
      `/projects/${project.id}/configs/new-checkout`,
      {
        baseVersion: 1,
        variants: [{
          environmentId: prod.id,
          value: false,
          schema: null,
          useBaseSchema: true,
          overrides: [rollout],
        }],
      },
    );
    assert.equal(patched.status, 200, JSON.stringify(patched.body));

    await page.goto(`${project.url}/configs/new-checkout/history`);
    const summary = page.getByRole("list", { name: "What changed from version 1 to 2" });
    await summary.waitFor();
    assert.deepEqual(await summary.locator("li").allTextContents(), [
      "Production: added 25% rollout",
    ]);
    await shot("history-summary");
    assert.deepEqual(h.pageErrors, []);
  },
);
