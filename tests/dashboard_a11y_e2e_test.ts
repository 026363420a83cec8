// axe-core in headless Chromium on the main dashboard pages: no serious or critical
// accessibility violation. axe is evaluated into the page from node_modules (it is not part of
// the dashboard bundle). Also: "/" focuses the page's search field, and leaving unsaved edits
// asks in an in-app dialog rather than the browser's confirm.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { apiFromPage, browserTest, firstRun, projectIdOf } from "./helpers/dashboard.ts";

const AXE = await Deno.readTextFile(
  new URL("../node_modules/axe-core/axe.min.js", import.meta.url),
);

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const axe = (globalThis as any).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations as Violation[];
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) =>
      `${v.id} (${v.impact}): ${v.help} at ${
        v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")
      }`
    );
}

browserTest(
  "accessibility: axe finds no serious or critical violation on the main pages",
  "a11y",
  async (h) => {
    const { page } = h;
    const problems: string[] = [];
    const check = async (name: string, url: string, ready: string) => {
      await page.goto(url);
      await page.getByRole("heading", { name: ready, exact: true }).first().waitFor();
      await page.waitForLoadState("networkidle");
      await h.shot(`a11y-${name}`);
      for (const p of await seriousViolations(page)) problems.push(`${name}: ${p}`);
    };

    // Signed out: the sign-in page, in a second context without the session.
    await firstRun(page, h.server.url);
    const projectUrl = page.url();
    const projectId = await projectIdOf(page, projectUrl);
    const workspaceUrl = projectUrl.replace(/\/p\/.*$/, "");
    const anonymous = await h.browser.newContext({ colorScheme: "light" });
    const signin = await anonymous.newPage();
    await signin.goto(`${h.server.url}/signin`);
    await signin.getByRole("button", { name: /sign in/i }).waitFor();
    for (const p of await seriousViolations(signin)) problems.push(`signin: ${p}`);
    await anonymous.close();

    await check("project-home-empty", projectUrl, "Configs");
    const created = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
      name: "new-checkout",
      description: "The new checkout flow",
      editors: [],
      base: {
        value: false,
        schema: null,
        overrides: [{
          name: "Premium",
          conditions: [{
            operator: "equals",
            property: "plan",
            value: { type: "literal", value: "premium" },
          }],
          value: true,
        }],
      },
      variants: [],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await check("config-list", projectUrl, "Configs");
    await check("config-value", `${projectUrl}/configs/new-checkout`, "new-checkout");
    await check("config-overrides", `${projectUrl}/configs/new-checkout/overrides`, "new-checkout");
    await check("config-history", `${projectUrl}/configs/new-checkout/history`, "new-checkout");
    await check("environments", `${projectUrl}/environments`, "Environments");
    await check("sdk-keys", `${projectUrl}/sdk-keys`, "SDK keys");
    await check("project-members", `${projectUrl}/members`, "Project members");
    await check("workspace-members", `${workspaceUrl}/members`, "Workspace members");
    await check("audit", `${projectUrl}/audit`, "Audit log");
    assert.deepEqual(problems, []);

    // The check can fail: a button without a name and a field without a label are reported.
    await page.evaluate(() => {
      const main = document.querySelector("main")!;
      main.insertAdjacentHTML(
        "beforeend",
        '<button type="button"></button><input type="text">',
      );
    });
    const planted = (await seriousViolations(page)).join("\n");
    assert.match(planted, /button-name/);
    assert.match(planted, /label/);

    // "/" from the page body focuses the config search.
    await page.goto(projectUrl);
    const search = page.getByRole("searchbox", { name: "Search configs" });
    await search.waitFor();
    await page.locator("body").press("/");
    assert.equal(await search.evaluate((el) => el === document.activeElement), true);
    assert.deepEqual(h.pageErrors, []);
  },
);

browserTest(
  "leaving unsaved edits asks in an in-app dialog: Stay keeps them, Leave goes",
  "leave-dialog",
  async (h) => {
    const { page } = h;
    const native: string[] = [];
    page.on("dialog", (d) => {
      native.push(d.message());
      void d.dismiss();
    });
    await firstRun(page, h.server.url);
    const projectUrl = page.url();
    const projectId = await projectIdOf(page, projectUrl);
    const created = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
      name: "banner-text",
      description: "",
      editors: [],
      base: { value: "Hello", schema: null, overrides: [] },
      variants: [],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const configUrl = `${projectUrl}/configs/banner-text/settings`;
    await page.goto(configUrl);
    await page.getByLabel("Description").fill("Shown on the home page");

    const configs = page.getByRole("navigation", { name: "Sections" }).getByRole("link", {
      name: "Configs",
    });
    await configs.click();
    const ask = page.getByRole("dialog", { name: "Leave this page?" });
    await ask.getByText("unsaved changes").waitFor();
    await h.shot("leave-dialog");
    await ask.getByRole("button", { name: "Stay" }).click();
    await ask.waitFor({ state: "detached" });
    assert.equal(page.url(), configUrl);
    assert.equal(await page.getByLabel("Description").inputValue(), "Shown on the home page");

    await configs.click();
    await ask.getByRole("button", { name: "Leave" }).click();
    await page.waitForURL(projectUrl);
    assert.deepEqual(native, [], "the browser's own dialog was used");
    assert.deepEqual(h.pageErrors, []);
  },
);

browserTest("a list that is still loading shows skeleton rows", "skeleton", async (h) => {
  const { page } = h;
  await firstRun(page, h.server.url);
  const projectUrl = page.url();
  let release!: () => void;
  const held = new Promise<void>((r) => release = r);
  await page.route("**/api/admin/v1/projects/*/sdk-keys", async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "SDK keys" })
    .click();
  const skeleton = page.locator(".skeleton");
  await skeleton.waitFor();
  assert.equal(await skeleton.locator(".skeleton-row").count(), 4);
  assert.equal(await skeleton.getAttribute("role"), "status");
  await h.shot("skeleton");
  release();
  await skeleton.waitFor({ state: "detached" });
  await page.goto(`${projectUrl}/sdk-keys`);
  assert.deepEqual(h.pageErrors, []);
});
