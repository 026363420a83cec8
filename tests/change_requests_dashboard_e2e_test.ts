// Change requests in the dashboard (docs/safe_changes.md), in headless Chromium against a real
// server with three people: an admin turns on approval for Production in Project settings, an
// editor's save there becomes a change request ("Submitted for review") while the published
// SDK keeps the old value, a reviewer finds it by the sidebar badge and "Waiting for my review",
// the author cannot approve their own, the reviewer's approval applies it and the SDK gets the
// new value; a second request is discussed and rejected; list and detail fit 390 px.
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import {
  apiFromPage,
  browserTest,
  eventually,
  firstProject,
  fitsWidth,
  SHOTS_DIR,
} from "./helpers/dashboard.ts";
import { connectSdk, sync } from "./helpers/sdk.ts";

/** A new browser session signed up as `email`. */
async function signUp(browser: Browser, url: string, email: string, name: string) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    colorScheme: "light",
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${url}/signup`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((u) => !u.pathname.endsWith("/signup"));
  return { page, errors };
}

browserTest(
  "dashboard: approval in Production, an editor's save is submitted for review, a reviewer approves or rejects",
  "change-requests",
  async (h) => {
    const { page, shot } = h;
    const url = h.server.url;
    const { projectUrl, projectId, env } = await firstProject(page, url);
    const workspaceId = /\/w\/([^/?#]+)/.exec(projectUrl)![1]!;
    const prod = env("Production").id;
    for (const [email, role] of [["edith@example.com", "member"], ["rex@example.com", "member"]]) {
      const res = await apiFromPage(page, "POST", `/workspaces/${workspaceId}/members`, {
        email,
        role,
      });
      assert.ok(res.status < 300, JSON.stringify(res.body));
    }
    const rexInProject = await apiFromPage(page, "POST", `/projects/${projectId}/members`, {
      email: "rex@example.com",
      role: "maintainer",
    });
    assert.ok(rexInProject.status < 300, JSON.stringify(rexInProject.body));
    const made = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
      name: "banner",
      description: "The storefront banner",
      editors: ["edith@example.com"],
      base: { value: "Welcome", schema: null, overrides: [] },
      variants: [{ environmentId: prod, value: "Welcome", schema: null, overrides: [] }],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const key = await apiFromPage(page, "POST", `/projects/${projectId}/sdk-keys`, {
      name: "storefront",
      description: "",
      environmentId: prod,
    });
    assert.equal(key.status, 201, JSON.stringify(key.body));
    const sdk = await connectSdk(url, (key.body as { key: string }).key);
    const others: Page[] = [];
    try {
      assert.equal(sdk.get("banner"), "Welcome");

      // The admin asks for one approval from a project maintainer, in the UI.
      await page.goto(`${projectUrl}/settings`);
      const rule = page.getByRole("form", { name: "Approval in Production" });
      await rule.getByRole("switch").check();
      await rule.getByLabel("From at least").selectOption("project maintainer");
      await rule.getByRole("button", { name: "Save Production" }).click();
      await page.getByText("Production requires approval").first().waitFor();
      const rules = (await apiFromPage(page, "GET", `/projects/${projectId}/approval-rules`))
        .body as { rules: { environmentId: string; minRole: string; requiredApprovals: number }[] };
      assert.deepEqual(
        rules.rules.map((r) => [r.environmentId, r.minRole, r.requiredApprovals]),
        [[prod, "project maintainer", 1]],
      );
      await shot("cr-01-approval-rules", { fullPage: false });

      // The editor saves Production's value: it is submitted for review, nothing is written.
      const edith = await signUp(h.browser, url, "edith@example.com", "Edith Editor");
      others.push(edith.page);
      await edith.page.goto(`${projectUrl}/configs/banner?scope=${prod}`);
      await edith.page.getByLabel("Value in Production").fill("Winter sale");
      await edith.page.getByRole("button", { name: /^Save version/ }).click();
      await edith.page.getByText("Submitted for review.").waitFor();
      await edith.page.getByRole("region", { name: "Unsaved changes" })
        .waitFor({ state: "detached" });
      assert.equal(await edith.page.getByLabel("Value in Production").inputValue(), "Welcome");
      await shot("cr-02-submitted"); // the admin's page; the editor's is next
      await edith.page.screenshot({ path: `${SHOTS_DIR}cr-02-submitted-editor.png` });
      await sync(h.server);
      assert.equal(sdk.get("banner"), "Welcome", "the SDK still has the old value");

      // The author may not review it: the buttons are off and say why.
      await edith.page.getByRole("link", { name: "Open the change request" }).click();
      await edith.page.getByTestId("review-refusal")
        .getByText("You wrote this change, so someone else must review it.").waitFor();
      assert.equal(
        await edith.page.getByRole("button", { name: "Approve", exact: true }).isDisabled(),
        true,
      );
      const crId = edith.page.url().split("/change-requests/")[1]!;

      // The reviewer sees the badge, finds it waiting for their review and opens it.
      const rex = await signUp(h.browser, url, "rex@example.com", "Rex Reviewer");
      others.push(rex.page);
      await rex.page.goto(projectUrl);
      const nav = rex.page.getByRole("link", { name: /Change requests/ });
      await nav.locator(".nav-count", { hasText: /^1(?!\d)/ }).waitFor();
      await nav.click();
      await rex.page.getByRole("tab", { name: "Waiting for my review" }).click();
      const row = rex.page.getByTestId("change-request");
      await eventually("one row", async () => (await row.count()) === 1);
      await row.getByRole("cell", { name: "edith@example.com" }).waitFor();
      await row.getByText("Production", { exact: true }).waitFor();
      await row.getByText("0 of 1 approval").waitFor();
      await rex.page.screenshot({ path: `${SHOTS_DIR}cr-03-list.png`, fullPage: true });
      await row.getByRole("link", { name: /^Change "banner"/ }).click();
      await rex.page.waitForURL(new RegExp(`/change-requests/${crId}$`));
      await rex.page.getByTestId("requirement")
        .getByText("0 of 1 approval from project maintainers or higher").waitFor();
      const diff = rex.page.getByRole("table", { name: "Proposed changes" });
      await diff.locator("td.del", { hasText: '"value": "Welcome"' }).first().waitFor();
      await diff.locator("td.add", { hasText: '"value": "Winter sale"' }).waitFor();
      await rex.page.getByLabel("Comment", { exact: true }).fill("Checked the copy with sales.");
      await rex.page.getByRole("button", { name: "Add comment" }).click();
      await rex.page.getByTestId("cr-event").getByText("Checked the copy with sales.").waitFor();
      await rex.page.screenshot({ path: `${SHOTS_DIR}cr-04-detail.png`, fullPage: true });

      // Approving applies it: the status says so, links to the history, and the SDK has it.
      await rex.page.getByRole("button", { name: "Approve", exact: true }).click();
      await rex.page.locator(".alert-success", { hasText: /^Applied as version 2 / }).waitFor();
      await rex.page.getByRole("link", { name: "See the config's history" }).waitFor();
      await rex.page.getByText("applied", { exact: true }).first().waitFor();
      await eventually("the SDK to get the new value", () => sdk.get("banner") === "Winter sale");
      await rex.page.screenshot({ path: `${SHOTS_DIR}cr-05-applied.png`, fullPage: true });
      await eventually(
        "the badge to go",
        async () => (await nav.locator(".nav-count").count()) === 0,
      );

      // A second edit is discussed and rejected: the config keeps the approved value.
      await edith.page.goto(`${projectUrl}/configs/banner?scope=${prod}`);
      await edith.page.getByLabel("Value in Production").fill("EVERYTHING FREE");
      await edith.page.getByRole("button", { name: /^Save version/ }).click();
      await edith.page.getByRole("link", { name: "Open the change request" }).click();
      await edith.page.getByLabel("Comment", { exact: true }).fill("Is this too loud?");
      await edith.page.getByRole("button", { name: "Add comment" }).click();
      await edith.page.getByTestId("cr-event").getByText("Is this too loud?").waitFor();
      const second = edith.page.url().split("/change-requests/")[1]!;
      assert.notEqual(second, crId);
      await rex.page.goto(`${projectUrl}/change-requests/${second}`);
      await rex.page.getByText("Is this too loud?").waitFor();
      await rex.page.getByLabel("Review comment (optional)").fill("Yes: legal will not allow it.");
      await rex.page.getByRole("button", { name: "Reject", exact: true }).click();
      await rex.page.getByText("Rejected by rex@example.com").waitFor();
      await rex.page.getByTestId("cr-event").getByText("Yes: legal will not allow it.").waitFor();
      assert.equal(await rex.page.getByRole("button", { name: "Approve" }).count(), 0);
      const config = (await apiFromPage(page, "GET", `/projects/${projectId}/configs/banner`))
        .body as { variants: { environmentId: string; value: unknown }[] };
      assert.equal(config.variants.find((v) => v.environmentId === prod)!.value, "Winter sale");
      await sync(h.server);
      assert.equal(sdk.get("banner"), "Winter sale");

      // Closed lists both; at 390 px the list and the detail fit the screen.
      await rex.page.goto(`${projectUrl}/change-requests?show=closed`);
      await eventually("two closed", async () => (await row.count()) === 2);
      await rex.page.setViewportSize({ width: 390, height: 844 });
      await rex.page.reload();
      await row.first().getByText("by edith@example.com in Production").waitFor();
      await rex.page.screenshot({ path: `${SHOTS_DIR}cr-06-list-390.png`, fullPage: true });
      await fitsWidth(rex.page);
      await rex.page.goto(`${projectUrl}/change-requests/${crId}`);
      await rex.page.getByRole("table", { name: "Proposed changes" }).waitFor();
      await rex.page.screenshot({ path: `${SHOTS_DIR}cr-07-detail-390.png`, fullPage: true });
      await fitsWidth(rex.page);
      assert.deepEqual([...h.pageErrors, ...edith.errors, ...rex.errors], []);
    } catch (error) {
      // The harness saves the admin's page; the other people's pages say more.
      for (const [i, p] of others.entries()) {
        await p.screenshot({ path: `${SHOTS_DIR}failure-change-requests-${i}.png` }).catch(
          () => {},
        );
      }
      throw error;
    } finally {
      sdk.disconnect();
    }
  },
);
