// References between configs in the dashboard, in headless Chromium against a real server:
// deleting a config that others reference (the dialog names them first), the override
// builder flagging the now dangling reference, and the server's warnings after a save, a
// restore and an import. Screenshots in light and dark go to test-output/.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { apiFromPage, browserTest, firstProject } from "./helpers/dashboard.ts";

const refTo = (projectId: string, configName: string) => ({
  operator: "greater_than_or_equal",
  property: "seats",
  value: { type: "reference", projectId, configName, path: ["max"] },
});

async function createConfig(page: Page, projectId: string, body: Record<string, unknown>) {
  const res = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
    description: "",
    editors: [],
    variants: [],
    ...body,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

browserTest(
  "dashboard: deleting a referenced config, dangling references, write warnings",
  "references",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId, env } = await firstProject(page, h.server.url);
    const production = env("Production");

    // limits is referenced by big-teams (base) and by pricing (Production's variant only).
    await createConfig(page, projectId, {
      name: "limits",
      base: { value: { max: 100 }, schema: null, overrides: [] },
    });
    const teamsOverride = { name: "Big teams", conditions: [refTo(projectId, "limits")] };
    await createConfig(page, projectId, {
      name: "big-teams",
      base: { value: false, schema: null, overrides: [{ ...teamsOverride, value: true }] },
    });
    await createConfig(page, projectId, {
      name: "pricing",
      base: { value: "standard", schema: null, overrides: [] },
      variants: [{
        environmentId: production.id,
        value: "standard",
        schema: null,
        useBaseSchema: true,
        overrides: [{ ...teamsOverride, value: "volume" }],
      }],
    });
    await createConfig(page, projectId, {
      name: "unrelated",
      base: { value: 1, schema: null, overrides: [] },
    });

    // While limits exists nothing dangles.
    await page.goto(`${projectUrl}/configs/big-teams/overrides`);
    await page.getByLabel("Name of override 1").waitFor();
    await page.locator(".override .cond").first().getByText("Path: max").waitFor();
    assert.equal(await page.locator(".dangling-note").count(), 0);
    assert.equal(await page.locator(".cond.dangling").count(), 0);

    // Deleting limits: the dialog names the two configs that reference it, then deletes.
    await page.goto(`${projectUrl}/configs/limits/settings`);
    await page.getByRole("button", { name: "Delete config…" }).click();
    const dialog = page.getByRole("dialog");
    const warning = dialog.getByRole("status").filter({ hasText: "reference this" });
    await warning.waitFor();
    assert.equal(
      (await warning.textContent())!.replace(/\s+/g, " ").trim(),
      "2 configs reference this; their conditions will stop matching: big-teams, pricing. " +
        "The references stay and work again if a config named limits is created.",
    );
    await shot("40-delete-referenced-config");
    await dialog.getByRole("button", { name: "Delete config" }).click();
    await page.getByText("Deleted limits").waitFor();
    await page.getByRole("link", { name: "big-teams" }).waitFor();
    const gone = await apiFromPage(page, "GET", `/projects/${projectId}/configs/limits`);
    assert.equal(gone.status, 404);

    // A config nobody references gets no warning in its delete dialog.
    await page.goto(`${projectUrl}/configs/unrelated/settings`);
    await page.getByRole("button", { name: "Delete config…" }).click();
    await page.getByRole("dialog").getByText("SDKs stop receiving").waitFor();
    await page.getByRole("dialog").getByText("Checking which configs").waitFor({
      state: "detached",
    });
    assert.equal(await page.getByRole("dialog").getByText("reference this").count(), 0);
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

    // big-teams now references a config that does not exist: the builder keeps it and says so.
    await page.goto(`${projectUrl}/configs/big-teams/overrides`);
    const summary = page.getByRole("status").filter({ hasText: "No config named" });
    await summary.waitFor();
    assert.match(
      (await summary.textContent())!.replace(/\s+/g, " "),
      /No config named limits exists in this project\. Saving keeps the references/,
    );
    const cond = page.locator(".override .cond.dangling");
    assert.equal(await cond.count(), 1);
    const picker = cond.getByLabel("Referenced config");
    assert.equal(await picker.inputValue(), "limits");
    assert.equal(await picker.locator("option:checked").textContent(), "limits (missing)");
    // The note is the select's accessible description.
    const describedBy = await picker.getAttribute("aria-describedby");
    assert.ok(describedBy, "the select points at the note");
    const note = await page.evaluate(
      (id) => document.getElementById(id)?.textContent ?? "",
      describedBy,
    );
    assert.match(note, /No config named limits exists in this project/);
    await cond.getByText("Path: max").waitFor();
    await shot("41-dangling-reference");
    await page.emulateMedia({ colorScheme: "dark" });
    await shot("42-dangling-reference-dark");
    await page.emulateMedia({ colorScheme: "light" });

    // Saving anyway works; the server's warning shows until dismissed.
    await page.getByLabel("Name of override 1").fill("Big teams (limits gone)");
    await page.getByRole("button", { name: "Save version 2" }).click();
    await page.getByText("Saved version 2").waitFor();
    const saved = page.locator(".write-warnings");
    await saved.getByText("Saved with 1 warning").waitFor();
    await saved.getByText("base.overrides[0].conditions[0].value.configName").waitFor();
    await saved.getByText(/"limits" names no config in this project/).waitFor();
    await shot("43-save-warnings");
    await page.emulateMedia({ colorScheme: "dark" });
    await shot("44-save-warnings-dark");
    await page.emulateMedia({ colorScheme: "light" });
    // Still there on another tab of the same config; gone once dismissed.
    await page.getByRole("tab", { name: "Value" }).click();
    await saved.getByText("Saved with 1 warning").waitFor();
    await saved.getByRole("button", { name: "Dismiss" }).click();
    await saved.waitFor({ state: "detached" });

    // Restoring version 1 (which references limits too) warns the same way.
    await page.getByRole("tab", { name: "History" }).click();
    await page.getByRole("button", { name: /^v1/ }).click();
    await page.getByRole("button", { name: "Restore v1" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Restore v1" }).click();
    await page.getByText("Restored version 1 as version 3").waitFor();
    await saved.getByText("Restored with 1 warning").waitFor();
    // Leaving the config forgets its warnings.
    await page.getByRole("link", { name: "Configs" }).first().click();
    await page.getByRole("link", { name: "pricing" }).waitFor();
    assert.equal(await page.locator(".write-warnings").count(), 0);

    // An import whose config references a missing one is done, with the warning beside it.
    await page.goto(`${projectUrl}/transfer`);
    await page.getByLabel("Export JSON").fill(JSON.stringify({
      projectName: "elsewhere",
      configs: [{
        name: "seat-gate",
        value: false,
        overrides: [{ ...teamsOverride, conditions: [refTo("other", "nope")], value: true }],
      }],
    }));
    await page.getByText("1 configs from").waitFor();
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText("Created 1, replaced 0, skipped 0").waitFor();
    const imported = page.locator(".write-warnings");
    await imported.getByText("Imported with 1 warning").waitFor();
    await imported.getByText(/"nope" names no config in this project/).waitFor();
    await shot("45-import-warnings");

    // Once limits exists again, nothing dangles and a save has no warning.
    await createConfig(page, projectId, {
      name: "limits",
      base: { value: { max: 50 }, schema: null, overrides: [] },
    });
    await page.goto(`${projectUrl}/configs/big-teams/overrides`);
    await page.locator(".override .cond").first().getByText("Path: max").waitFor();
    await page.getByRole("tree", { name: "Parts of limits" }).waitFor();
    assert.equal(await page.locator(".dangling-note").count(), 0);
    assert.equal(
      await page.getByRole("status").filter({ hasText: "No config named" }).count(),
      0,
    );
    await page.getByLabel("Name of override 1").fill("Big teams, limits back");
    await page.getByRole("button", { name: "Save version 4" }).click();
    await page.getByText("Saved version 4").waitFor();
    assert.equal(await page.locator(".write-warnings").count(), 0);
    assert.deepEqual(h.pageErrors, []);
  },
);
