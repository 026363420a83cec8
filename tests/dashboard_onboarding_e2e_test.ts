// A new team's first steps in headless Chromium: the project home's checklist follows a config,
// an SDK key made in the dashboard, and the published SDK connecting with that key, until it
// says "Connected ✓"; its snippet names the project's real config.
import assert from "node:assert/strict";
import { apiFromPage, browserTest, firstRun, projectIdOf } from "./helpers/dashboard.ts";
import { connectSdk } from "./helpers/sdk.ts";

browserTest(
  "onboarding checklist: config, SDK key, connected ✓ once the app's stream is live",
  "onboarding",
  async (h) => {
    const { page, shot } = h;
    await firstRun(page, h.server.url);
    const projectUrl = page.url();
    const projectId = await projectIdOf(page, projectUrl);
    const checklist = page.getByRole("region", { name: "Get your app reading a flag" });
    const status = checklist.getByTestId("onboarding-status");
    await checklist.waitFor();
    assert.equal(await checklist.locator(".check-step.done").count(), 0);
    await shot("onboarding-empty");

    const created = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
      name: "new-checkout",
      description: "",
      editors: [],
      base: { value: false, schema: null, overrides: [] },
      variants: [],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await checklist.getByText("You have new-checkout").waitFor();
    assert.match(await checklist.locator("pre").textContent() ?? "", /get\("new-checkout"\)/);

    // The key, as a new user makes it: SDK keys → New SDK key, shown once.
    await page.goto(`${projectUrl}/sdk-keys`);
    await page.getByRole("button", { name: "New SDK key" }).first().click();
    await page.getByLabel("Name").fill("web");
    await page.getByRole("dialog").getByLabel("Environment").selectOption({ label: "Development" });
    await page.getByRole("button", { name: "Create key" }).click();
    const shown = page.locator(".key-created pre.code-block").filter({ hasText: "sdkKey" });
    await shown.waitFor();
    const key = /rp_[A-Za-z0-9_-]+/.exec((await shown.textContent())!)?.[0];
    assert.ok(key, "no key in the snippet");

    await page.goto(projectUrl);
    await checklist.waitFor();
    await status.getByText("Waiting for your app to connect").waitFor();
    assert.equal(await checklist.locator(".check-step.done").count(), 2);

    const client = await connectSdk(h.server.url, key);
    try {
      assert.equal(client.get("new-checkout"), false);
      await status.getByText("Connected ✓").waitFor({ timeout: 20_000 });
      assert.match((await status.textContent())!, /1 app on Development/);
      assert.equal(await checklist.locator(".check-step.done").count(), 3);
      await shot("onboarding-connected");
      await checklist.getByRole("button", { name: "Hide checklist" }).click();
      await checklist.waitFor({ state: "detached" });
      await page.reload();
      await page.getByRole("heading", { name: "Configs" }).waitFor();
      assert.equal(await checklist.count(), 0, "the dismissed checklist came back");
    } finally {
      client.disconnect();
    }
    assert.deepEqual(h.pageErrors, []);
  },
);

browserTest(
  "workspace settings: rename the workspace from the sidebar",
  "workspace-settings",
  async (h) => {
    const { page } = h;
    await firstRun(page, h.server.url);
    await page.getByRole("navigation", { name: "Sections" })
      .getByRole("link", { name: "Workspace settings" }).click();
    await page.getByRole("heading", { name: "Workspace settings" }).waitFor();
    await page.getByLabel("Workspace name").fill("Acme flags");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Workspace renamed").waitFor();
    const picker = page.getByRole("combobox", { name: "Workspace" });
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll(".ws-switch option")].some((o) =>
          o.textContent === "Acme flags"
        ),
    );
    assert.equal(await picker.locator("option:checked").textContent(), "Acme flags");
    const listed = await apiFromPage(page, "GET", "/workspaces");
    const names = (listed.body as { workspaces: { name: string }[] }).workspaces.map((w) => w.name);
    assert.deepEqual(names, ["Acme flags"]);
    await h.shot("workspace-settings");
    assert.deepEqual(h.pageErrors, []);
  },
);
