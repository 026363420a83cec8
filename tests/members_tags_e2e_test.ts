// Config tags, the project's one Members page and the grid's confirm step, in headless
// Chromium against a real server: tags added in config settings show as chips in the grid, a
// chip or the tag filter narrows the list and the URL keeps it; the Members page lists a
// workspace admin as inherited with a link to workspace members, adds a project member, and
// offers to add someone outside the workspace there first; a flag switched in an environment
// that requires approval asks first (cancel changes nothing; it is submitted for review or
// turned at once with the kill switch). Screenshots go to test-output/ (also at 390 px).
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  apiFromPage,
  browserTest,
  eventually,
  firstProject,
  fitsWidth,
  SHOTS_DIR,
} from "./helpers/dashboard.ts";

/** The names in the grid's rows, in order. */
const shownConfigs = (page: Page) =>
  page.locator(".flag-grid tbody .config-name").allTextContents();

async function setup(page: Page, url: string) {
  const first = await firstProject(page, url);
  const { projectId, env } = first;
  const projectUrl = first.projectUrl.split("?")[0]!;
  const me = (await apiFromPage(page, "GET", "/auth/me")).body as { workspaces: { id: string }[] };
  const workspaceId = me.workspaces[0]!.id;
  for (const [name, value] of [["new-checkout", false], ["dark-mode", false], ["banner", "Hi"]]) {
    const res = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
      name,
      description: "",
      editors: [],
      variants: [],
      base: { value, schema: null, overrides: [] },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  return { projectUrl, projectId, workspaceId, prod: env("Production"), dev: env("Development") };
}

browserTest(
  "dashboard: tags from config settings show as chips and filter the grid, kept in the URL",
  "tags",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId } = await setup(page, h.server.url);

    // Config settings: tags are added (a leading # is fine, case folds), a bad one is refused
    // with the server's reason, one is removed again.
    await page.goto(`${projectUrl}/configs/new-checkout/settings`);
    const tagInput = page.getByLabel("New tags");
    await tagInput.fill("Checkout, #team:growth oops");
    await page.getByRole("button", { name: "Add tags" }).click();
    await page.getByText("Tags of new-checkout saved").waitFor();
    const chips = page.getByRole("list", { name: "Tags" }).getByRole("listitem");
    await eventually("three chips", async () => (await chips.count()) === 3);
    assert.deepEqual(await chips.allTextContents(), ["#checkout", "#oops", "#team:growth"]);
    assert.equal(await tagInput.inputValue(), "", "the input is emptied after a save");
    await page.getByRole("button", { name: "Remove tag oops" }).click();
    await eventually("two chips", async () => (await chips.count()) === 2);
    await tagInput.fill("no spaces?");
    await page.getByRole("button", { name: "Add tags" }).click();
    await page.getByText("Tags not saved.").waitFor();
    await page.getByText(/must start with a letter or digit/).waitFor();
    await shot("tags-01-settings");
    const saved = (await apiFromPage(page, "GET", `/projects/${projectId}/configs/new-checkout`))
      .body as { tags: string[]; version: number };
    assert.deepEqual(saved.tags, ["checkout", "team:growth"]);
    assert.equal(saved.version, 1, "tags make no new version");
    await page.goto(`${projectUrl}/configs/dark-mode/settings`);
    await page.getByLabel("New tags").fill("ui team:growth");
    await page.getByRole("button", { name: "Add tags" }).click();
    await page.getByText("Tags of dark-mode saved").waitFor();

    // The grid shows them as chips; clicking one filters by it and the URL says so.
    await page.goto(projectUrl);
    const row = (name: string) => page.getByRole("row", { name: new RegExp(name) });
    await row("new-checkout").getByRole("button", { name: "#checkout" }).waitFor();
    await row("dark-mode").getByRole("button", { name: "#ui" }).waitFor();
    assert.equal(await row("banner").getByRole("button").count(), 0, "banner has no tags");
    assert.deepEqual(await shownConfigs(page), ["banner", "dark-mode", "new-checkout"]);
    await shot("tags-02-grid");
    await row("dark-mode").getByRole("button", { name: "#team:growth" }).click();
    await page.waitForURL(/[?&]tag=team%3Agrowth/);
    await eventually(
      "two configs tagged team:growth",
      async () => (await shownConfigs(page)).join() === "dark-mode,new-checkout",
    );
    await page.getByText("2 of 3 configs").waitFor();
    assert.equal(await page.getByLabel("Filter by tag").inputValue(), "team:growth");

    // A reload keeps the filter; the select changes it.
    await page.reload();
    await page.getByText("2 of 3 configs").waitFor();
    assert.deepEqual(await shownConfigs(page), ["dark-mode", "new-checkout"]);
    await page.getByLabel("Filter by tag").selectOption("ui");
    await page.waitForURL(/[?&]tag=ui(&|$)/);
    await page.getByText("1 of 3 configs").waitFor();
    assert.deepEqual(await shownConfigs(page), ["dark-mode"]);
    await shot("tags-03-filtered");
    // The filter's own chip is pressed; clicking it shows everything again.
    const pressed = row("dark-mode").getByRole("button", { name: "#ui" });
    assert.equal(await pressed.getAttribute("aria-pressed"), "true");
    await pressed.click();
    await page.getByText("3 of 3 configs").waitFor();
    assert.ok(!page.url().includes("tag="), page.url());
    assert.equal(await page.getByLabel("Filter by tag").inputValue(), "");

    // The API's ?tag= agrees with the grid.
    const byApi = (await apiFromPage(page, "GET", `/projects/${projectId}/configs?tag=ui`))
      .body as { configs: { name: string }[] };
    assert.deepEqual(byApi.configs.map((c) => c.name), ["dark-mode"]);

    // At 390 px the chips wrap inside the name column and the page does not scroll sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${projectUrl}?tag=team%3Agrowth`);
    await page.getByText("2 of 3 configs").waitFor();
    await shot("tags-04-grid-390");
    await fitsWidth(page);
    await page.getByLabel("Filter by tag").selectOption("");
    await page.getByText("3 of 3 configs").waitFor();
    assert.deepEqual(h.pageErrors, []);
  },
);

browserTest(
  "dashboard: the project Members page lists inherited workspace roles and adds members",
  "members",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId, workspaceId } = await setup(page, h.server.url);
    for (const [email, role] of [["wanda@example.com", "admin"], ["mia@example.com", "member"]]) {
      const res = await apiFromPage(page, "POST", `/workspaces/${workspaceId}/members`, {
        email,
        role,
      });
      assert.ok(res.status < 300, JSON.stringify(res.body));
    }

    await page.getByRole("link", { name: "Members", exact: true }).click();
    await page.getByRole("heading", { name: "Project members" }).waitFor();
    const inherited = page.getByTestId("inherited-member");
    const wanda = inherited.filter({ hasText: "wanda@example.com" });
    await wanda.getByText("via workspace").waitFor();
    await wanda.getByRole("cell", { name: "Admin", exact: true }).waitFor();
    await inherited.filter({ hasText: "mia@example.com" }).getByText("Viewer").waitFor();
    await shot("members-01-inherited");

    // Giving mia a project role moves her out of the inherited rows.
    await page.getByLabel("Email").fill("mia@example.com");
    await page.getByLabel("Role", { exact: true }).selectOption("maintainer");
    await page.getByRole("button", { name: "Add member" }).click();
    await page.getByText("Added mia@example.com").waitFor();
    await page.getByLabel("Role of mia@example.com").waitFor();
    assert.equal(await page.getByLabel("Role of mia@example.com").inputValue(), "maintainer");
    assert.equal(await inherited.filter({ hasText: "mia@example.com" }).count(), 0);
    const members = (await apiFromPage(page, "GET", `/projects/${projectId}/members`))
      .body as { members: { email: string; role: string }[] };
    assert.deepEqual(
      members.members.filter((m) => m.email === "mia@example.com").map((m) => m.role),
      ["maintainer"],
    );

    // Someone outside the workspace: the answer says so and, for a workspace admin, offers to
    // add them to the workspace and then to the project in one go.
    await page.getByLabel("Email").fill("zed@example.com");
    await page.getByRole("button", { name: "Add member" }).click();
    const notInWorkspace = page.getByTestId("not-in-workspace");
    await notInWorkspace.getByText(/zed@example\.com is not in this workspace yet/).waitFor();
    await notInWorkspace.getByRole("link", { name: "workspace members" }).waitFor();
    await shot("members-02-not-in-workspace");
    await notInWorkspace.getByRole("button", { name: /Add to the workspace/ }).click();
    await page.getByText("Added zed@example.com to the workspace and the project").waitFor();
    await page.getByLabel("Role of zed@example.com").waitFor();
    assert.equal(await notInWorkspace.count(), 0);
    const ws = (await apiFromPage(page, "GET", `/workspaces/${workspaceId}/members`))
      .body as { members: { email: string; role: string }[] };
    assert.equal(ws.members.find((m) => m.email === "zed@example.com")?.role, "member");

    // The link in an inherited row leads to the workspace's members.
    await wanda.getByRole("link", { name: "Manage in workspace members" }).click();
    await page.getByRole("heading", { name: "Workspace members" }).waitFor();
    await page.getByLabel("Role of wanda@example.com").waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${projectUrl}/members`);
    await wanda.waitFor();
    await shot("members-03-390");
    await fitsWidth(page);

    // A project admin who is not a workspace admin gets the link and no offer to add.
    const res = await apiFromPage(
      page,
      "PATCH",
      `/projects/${projectId}/members/mia%40example.com`,
      {
        role: "admin",
      },
    );
    assert.ok(res.status < 300, JSON.stringify(res.body));
    const context = await h.browser.newContext({ viewport: { width: 1280, height: 860 } });
    const mia = await context.newPage();
    mia.setDefaultTimeout(10_000);
    const errors: string[] = [];
    mia.on("pageerror", (error) => errors.push(error.message));
    await mia.goto(`${h.server.url}/signup`);
    await mia.getByLabel("Name").fill("Mia");
    await mia.getByLabel("Email").fill("mia@example.com");
    await mia.getByLabel("Password").fill("correct horse battery");
    await mia.getByRole("button", { name: "Create account" }).click();
    await mia.waitForURL((u) => !u.pathname.endsWith("/signup"));
    await mia.goto(`${projectUrl}/members`);
    await mia.getByRole("heading", { name: "Project members" }).waitFor();
    await mia.getByLabel("Email").fill("yan@example.com");
    await mia.getByRole("button", { name: "Add member" }).click();
    const hers = mia.getByTestId("not-in-workspace");
    await hers.getByText(/yan@example\.com is not in this workspace yet/).waitFor();
    await hers.getByText(/ask a workspace admin to add them to/).waitFor();
    assert.equal(await hers.getByRole("button").count(), 0);
    await mia.screenshot({ path: `${SHOTS_DIR}members-04-project-admin.png`, fullPage: true });
    // Typing another email takes the notice away.
    await mia.getByLabel("Email").fill("yan@example.org");
    await hers.waitFor({ state: "detached" });
    await context.close();
    assert.deepEqual([...h.pageErrors, ...errors], []);
  },
);

browserTest(
  "dashboard: a flag switched in the grid in an environment that requires approval asks first",
  "grid-confirm",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId, prod, dev } = await setup(page, h.server.url);
    const rule = await apiFromPage(
      page,
      "PUT",
      `/projects/${projectId}/environments/${prod.id}/approval-rule`,
      { requiredApprovals: 1, minRole: "project maintainer" },
    );
    assert.equal(rule.status, 200, JSON.stringify(rule.body));
    const get = async () =>
      (await apiFromPage(page, "GET", `/projects/${projectId}/configs/new-checkout`)).body as {
        version: number;
        variants: { environmentId: string; value: unknown }[];
      };
    const kills = async () =>
      ((await apiFromPage(page, "GET", `/projects/${projectId}/kill-switches`)).body as {
        killSwitches: { configName: string; environmentId: string | null; value: unknown }[];
      }).killSwitches;

    await page.goto(projectUrl);
    const inProd = page.getByRole("switch", { name: "new-checkout in Production" });
    const inDev = page.getByRole("switch", { name: "new-checkout in Development" });
    await inProd.waitFor();

    // Cancel: nothing changes, the switch stays off.
    await inProd.click();
    const dialog = page.getByRole("dialog", { name: "Turn new-checkout on in Production?" });
    await dialog.getByText(/Production is protected: its changes need 1 approval/).waitFor();
    assert.equal(
      await dialog.getByRole("button", { name: "Turn on now" }).isDisabled(),
      true,
      "the kill switch needs a reason",
    );
    await shot("grid-confirm-01-dialog", { fullPage: false });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    assert.equal(await inProd.isChecked(), false);
    assert.equal((await get()).version, 1);
    assert.deepEqual(await kills(), []);

    // Escape closes it as well, again without a change.
    await inProd.click();
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    assert.equal(await inProd.isChecked(), false);

    // Submit for review: a change request with the reason, the config unchanged.
    await inProd.click();
    await dialog.getByLabel("Reason").fill("Launch checkout v2");
    await dialog.getByRole("button", { name: "Submit for review" }).click();
    await dialog.getByText("Submitted for review.").waitFor();
    await dialog.getByRole("link", { name: "Open the change request" }).waitFor();
    await shot("grid-confirm-02-submitted", { fullPage: false });
    const crs = ((await apiFromPage(page, "GET", `/projects/${projectId}/change-requests`))
      .body as {
        changeRequests: {
          id: string;
          status: string;
          title: string;
          description: string;
          environmentIds: string[];
        }[];
      }).changeRequests;
    assert.deepEqual(
      crs.map((c) => [c.status, c.title, c.description, c.environmentIds]),
      [["open", "Turn new-checkout on in Production", "Launch checkout v2", [prod.id]]],
    );
    assert.equal((await get()).version, 1, "nothing is written before the review");
    await dialog.getByRole("button", { name: "Close" }).last().click();
    await dialog.waitFor({ state: "detached" });
    assert.equal(await inProd.isChecked(), false);

    // Turn on now, with a reason: the kill switch serves true in Production only.
    const darkInProd = page.getByRole("switch", { name: "dark-mode in Production" });
    await darkInProd.click();
    const darkDialog = page.getByRole("dialog", { name: "Turn dark-mode on in Production?" });
    await darkDialog.getByLabel("Reason").fill("Incident 42: dark mode is the safe one");
    await darkDialog.getByRole("button", { name: "Turn on now" }).click();
    await page.getByText(/dark-mode on in Production \(kill switch\)/).waitFor();
    await darkDialog.waitFor({ state: "detached" });
    await eventually("the switch to show on", () => darkInProd.isChecked());
    assert.equal(await darkInProd.isDisabled(), true, "undone on the config page, not here");
    assert.deepEqual(
      (await kills()).map((k) => [k.configName, k.environmentId, k.value]),
      [["dark-mode", prod.id, true]],
    );
    await shot("grid-confirm-03-killed");

    // Development has no rule: its switch saves at once, as before.
    await inDev.click();
    await page.getByText(/new-checkout on in Development: version \d+/).waitFor();
    assert.equal(await page.getByRole("dialog").count(), 0);
    const after = await get();
    assert.equal(after.variants.find((v) => v.environmentId === dev.id)?.value, true);

    // At 390 px the dialog fits the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await inProd.click();
    await dialog.waitFor();
    await shot("grid-confirm-04-dialog-390", { fullPage: false });
    await fitsWidth(page);
    assert.deepEqual(h.pageErrors, []);
  },
);
