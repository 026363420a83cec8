// The dashboard end to end, in headless Chromium against a real server: first-run account →
// project → a config with an override and a 10% rollout → an SDK key; a published
// @replanejs/sdk client sees the value and then an edit made in the UI; live refresh and a
// save conflict; restoring an older version from the history page. Screenshots of the main
// pages go to test-output/.
import assert from "node:assert/strict";
import { Replane } from "@replanejs/sdk";
import { segmentationUnit } from "../src/domain/evaluate.ts";
import { apiFromPage, browserTest, eventually, projectIdOf } from "./helpers/dashboard.ts";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

browserTest(
  "dashboard: first run to SDK client, live edits, conflict, restore",
  "main",
  async (h) => {
    const { page, shot } = h;
    let replane: Replane<Record<string, unknown>> | null = null;
    try {
      // First run: the setup screen creates the admin, a workspace and a first project.
      await page.goto(h.server.url);
      await page.waitForURL(/\/setup$/);
      await shot("01-first-run");
      await page.getByLabel("Name").fill("Ada Lovelace");
      await page.getByLabel("Email").fill("ada@example.com");
      await page.getByLabel("Password").fill("correct horse battery");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByText("No configs yet").waitFor();
      await shot("02-configs-empty");

      // A project of our own.
      await page.getByRole("link", { name: "Projects" }).click();
      await page.getByRole("heading", { name: "Projects" }).waitFor();
      await shot("02b-projects");
      await page.getByRole("button", { name: "New project" }).first().click();
      await page.getByLabel("Name").fill("Checkout");
      await page.getByLabel("Description").fill("The web shop's checkout");
      await page.getByRole("button", { name: "Create project" }).click();
      await page.getByText("No configs yet").waitFor();
      assert.equal(await page.locator("#project-switch option:checked").textContent(), "Checkout");
      const projectUrl = page.url();

      // A feature flag, off by default, with a schema inferred from its value.
      await page.getByRole("button", { name: "New config" }).first().click();
      await page.getByLabel("Name", { exact: true }).fill("new-checkout");
      await page.getByLabel("Description").fill("The redesigned checkout flow");
      await page.getByRole("button", { name: "Create config" }).click();
      await page.getByRole("heading", { name: "new-checkout" }).waitFor();
      assert.equal(await page.getByLabel("Base value").isChecked(), false);
      await shot("03-config-value");

      // Overrides: Dutch users get it; so do 10% of everyone, by userId.
      await page.getByRole("tab", { name: "Overrides" }).click();
      await page.getByRole("button", { name: "Add override" }).click();
      await page.getByLabel("Name of override 1").fill("Dutch users");
      await page.getByLabel("Context property").fill("country");
      await page.getByLabel("Expected value", { exact: true }).fill("NL");
      await page.getByLabel('Value of override "Dutch users"').check();
      await page.getByRole("button", { name: "Add percentage rollout" }).click();
      assert.equal(await page.getByLabel("To percent").inputValue(), "10");
      const seed = await page.getByLabel("Seed").inputValue();
      assert.match(seed, /^[0-9a-f]{8}$/);
      // Keyboard reordering: the rollout moves up, then back down.
      await page.getByRole("button", { name: /Reorder "10% rollout"/ }).focus();
      await page.keyboard.press("ArrowUp");
      assert.equal(await page.getByLabel("Name of override 1").inputValue(), "10% rollout");
      await page.keyboard.press("ArrowDown");
      assert.equal(await page.getByLabel("Name of override 1").inputValue(), "Dutch users");
      // And by dragging the handle onto another card.
      const rolloutHandle = page.getByRole("button", { name: /Reorder "10% rollout"/ });
      await rolloutHandle.dragTo(page.locator(".override").first());
      assert.equal(await page.getByLabel("Name of override 1").inputValue(), "10% rollout");
      await rolloutHandle.dragTo(page.locator(".override").nth(1));
      assert.equal(await page.getByLabel("Name of override 1").inputValue(), "Dutch users");
      await shot("04-overrides");
      await page.getByRole("button", { name: "Save version 2" }).click();
      await page.getByText("Saved version 2").waitFor();

      // The override tester asks the server which override matches.
      await page.getByRole("tab", { name: "Test" }).click();
      await page.getByLabel("Context (JSON object)").fill('{"country": "NL", "userId": "u1"}');
      await page.getByRole("button", { name: "Evaluate" }).click();
      await page.getByText("Matched override #1 “Dutch users”").waitFor();
      await shot("05-tester");
      await page.getByRole("tab", { name: "Environments" }).click();
      await page.getByRole("heading", { name: "Production" }).waitFor();
      await shot("06-environments");

      // An SDK key for Production, shown once with its snippets.
      await page.getByRole("link", { name: "SDK keys" }).click();
      await page.getByRole("button", { name: "New SDK key" }).first().click();
      await page.getByLabel("Name").fill("checkout-web");
      await page.getByRole("button", { name: "Create key" }).click();
      const key = (await page.getByTestId("new-sdk-key").textContent())!.trim();
      assert.match(key, /^rp_[0-9a-f]{80}$/);
      await shot("07-sdk-key");

      // The published SDK sees the value, the override and exactly the 10% segment.
      replane = new Replane({ context: { country: "DE" }, logger: quiet });
      await replane.connect({ baseUrl: h.server.url, sdkKey: key });
      const client = replane;
      assert.equal(client.get("new-checkout"), false);
      assert.equal(client.get("new-checkout", { context: { country: "NL" } }), true);
      let inSegment = 0;
      for (let i = 0; i < 200; i++) {
        const userId = `user-${i}`;
        const expected = segmentationUnit(userId, seed) < 0.1;
        if (expected) inSegment++;
        assert.equal(client.get("new-checkout", { context: { userId } }), expected, userId);
      }
      assert.ok(inSegment > 5 && inSegment < 45, `${inSegment} of 200 users in a 10% segment`);

      // An edit in the UI reaches the SDK.
      const configUrl = `${projectUrl}/configs/new-checkout`;
      await page.goto(configUrl);
      await page.getByLabel("Base value").check();
      await page.getByRole("button", { name: "Save version 3" }).click();
      await page.getByText("Saved version 3").waitFor();
      await eventually("the SDK to see the edit", () => client.get("new-checkout") === true);
      await shot("08-config-saved");

      // Someone else's save shows up on the open page without a reload.
      const api = `/projects/${await projectIdOf(page, projectUrl)}/configs/new-checkout`;
      const other = await apiFromPage(page, "PATCH", api, { description: "Edited elsewhere" });
      assert.equal(other.status, 200, JSON.stringify(other.body));
      await page.getByText("Updated to version 4").waitFor();
      await page.getByText("Edited elsewhere · version 4").waitFor();

      // Saving over a newer version is refused with a clear message.
      await page.getByLabel("Base value").uncheck();
      // The other save and our click happen in one go, so the page's poll cannot notice first.
      const status = await page.evaluate(async (path) => {
        const me = await (await fetch("/api/admin/v1/auth/me")).json();
        const res = await fetch(`/api/admin/v1${path}`, {
          method: "PATCH",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": me.csrfToken },
          body: JSON.stringify({ description: "Edited again" }),
        });
        const save = [...document.querySelectorAll("button")]
          .find((b) => b.textContent === "Save version 5");
        save?.click();
        return `${res.status} ${save ? "clicked" : "no save button"}`;
      }, api);
      assert.equal(status, "200 clicked");
      await page.getByText("Not saved: Someone else saved version 5").waitFor();
      await shot("09-conflict");
      await page.getByRole("button", { name: "Discard mine, load version 5" }).click();
      await page.getByText("Edited again · version 5").waitFor();

      // History: the diff of version 2 against 1, then restore version 2 (flag off again).
      await page.getByRole("tab", { name: "History" }).click();
      await page.getByRole("button", { name: /^v2/ }).click();
      await page.getByText(/changed lines?/).waitFor();
      await shot("10-history");
      await page.getByRole("button", { name: "Restore v2" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Restore v2" }).click();
      await page.getByText("Restored version 2 as version 6").waitFor();
      await eventually("the SDK to see the restore", () => client.get("new-checkout") === false);
      assert.equal(client.get("new-checkout", { context: { country: "NL" } }), true);

      // The audit log, the list in dark mode, a phone-sized screen, the account page.
      await page.getByRole("link", { name: "Audit log" }).first().click();
      await page.getByText("config.update").first().waitFor();
      await shot("11-audit-log");
      await page.goto(projectUrl);
      await page.getByRole("link", { name: "new-checkout" }).waitFor();
      await shot("12-config-list");
      await page.emulateMedia({ colorScheme: "dark" });
      await shot("13-config-list-dark");
      await page.goto(`${configUrl}/overrides`);
      await page.getByLabel("Name of override 1").waitFor();
      await shot("14-overrides-dark");
      await page.emulateMedia({ colorScheme: "light" });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(configUrl);
      await page.getByRole("heading", { name: "new-checkout" }).waitFor();
      await shot("15-config-phone");
      await page.getByRole("button", { name: "Menu" }).click();
      await page.getByRole("link", { name: "SDK keys" }).click();
      await page.getByRole("heading", { name: "SDK keys" }).waitFor();
      await shot("15b-sdk-keys-phone");
      await page.setViewportSize({ width: 1280, height: 860 });
      await page.goto(`${h.server.url}/account`);
      await page.getByRole("heading", { name: "Account" }).waitFor();
      await shot("16-account");
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.waitForURL(/\/signin$/);
      assert.deepEqual(h.pageErrors, []);
    } finally {
      replane?.disconnect();
    }
  },
);
