// Dashboard follow-ups of issue 20, in headless Chromium against a real server: the grid's
// confirm step on a protected environment names the config's open change requests there (with
// a link) before opening another; a cell the kill switch wrote says "killed" with the reason,
// not "own value"; the onboarding checklist collapses at 390 px and stays collapsed after a
// reload. Screenshots go to test-output/grid-followups-*.png.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  apiFromPage,
  browserTest,
  eventually,
  firstProject,
  fitsWidth,
} from "./helpers/dashboard.ts";

type Cr = { id: string; configName: string; status: string; environmentIds: string[] };

async function createFlag(page: Page, projectId: string, name: string, value: unknown) {
  const res = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
    name,
    description: "",
    editors: [],
    variants: [],
    base: { value, schema: null, overrides: [] },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

const openRequests = async (page: Page, projectId: string) =>
  ((await apiFromPage(page, "GET", `/projects/${projectId}/change-requests?status=open`))
    .body as { changeRequests: Cr[] }).changeRequests;

/** The grid cell of `config` in the `envIndex`-th environment column. */
function cell(page: Page, config: string, envIndex: number) {
  return page.getByRole("row", { name: new RegExp(`^${config}\\b`) }).locator("td").nth(envIndex);
}

browserTest(
  "grid: the confirm step names open change requests of the environment before opening another",
  "grid-followups-requests",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId, env } = await firstProject(page, h.server.url);
    const prod = env("Production");
    for (const name of ["new-checkout", "dark-mode"]) {
      await createFlag(page, projectId, name, false);
    }
    const rule = await apiFromPage(
      page,
      "PUT",
      `/projects/${projectId}/environments/${prod.id}/approval-rule`,
      { requiredApprovals: 1, minRole: "project maintainer" },
    );
    assert.equal(rule.status, 200, JSON.stringify(rule.body));

    await page.goto(projectUrl);
    const inProd = page.getByRole("switch", { name: "new-checkout in Production" });
    const dialog = page.getByRole("dialog", { name: "Turn new-checkout on in Production?" });
    const notice = dialog.getByTestId("open-requests");
    /** Opens the dialog and waits for its look-up of the config's open change requests. */
    const open = async (toggle = inProd, config = "new-checkout") => {
      const listed = page.waitForResponse((r) =>
        r.url().includes(`/change-requests?status=open&config=${config}`) && r.ok()
      );
      await toggle.click();
      await listed;
    };

    // None open yet: no notice, the plain wording.
    await open();
    await dialog.getByRole("button", { name: "Submit for review", exact: true }).waitFor();
    assert.equal(await notice.count(), 0);
    await dialog.getByLabel("Reason").fill("Launch checkout v2");
    await dialog.getByRole("button", { name: "Submit for review" }).click();
    await dialog.getByText("Submitted for review.").waitFor();
    await dialog.getByRole("button", { name: "Close" }).last().click();
    const [first] = await openRequests(page, projectId);
    assert.ok(first);

    // Again: the open one is named with a link, and the button says it opens another.
    await open();
    await notice.getByText("new-checkout already has an open change request for Production.")
      .waitFor();
    const link = notice.getByRole("link", { name: "Turn new-checkout on in Production" });
    assert.match((await link.getAttribute("href"))!, new RegExp(`/change-requests/${first.id}$`));
    assert.match((await notice.textContent())!, /by ada@example\.com, .*; turns it on/);
    assert.equal(
      await dialog.getByRole("button", { name: "Submit for review", exact: true }).count(),
      0,
    );
    await shot("grid-followups-01-open-request", { fullPage: false });

    // Another can still be opened, on purpose; both stay open and the next dialog lists both.
    await dialog.getByRole("button", { name: "Submit another for review" }).click();
    await dialog.getByText("Submitted for review.").waitFor();
    await dialog.getByRole("button", { name: "Close" }).last().click();
    const both = await openRequests(page, projectId);
    assert.deepEqual(
      both.map((c) => [c.configName, c.environmentIds]),
      [["new-checkout", [prod.id]], ["new-checkout", [prod.id]]],
    );
    await open();
    await notice.getByText("new-checkout already has 2 open change requests for Production.")
      .waitFor();
    assert.equal(await notice.getByRole("listitem").count(), 2);

    // Another config's requests are not this one's.
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    const darkInProd = page.getByRole("switch", { name: "dark-mode in Production" });
    await open(darkInProd, "dark-mode");
    const darkDialog = page.getByRole("dialog", { name: "Turn dark-mode on in Production?" });
    await darkDialog.getByRole("button", { name: "Submit for review", exact: true }).waitFor();
    assert.equal(await darkDialog.getByTestId("open-requests").count(), 0);
    await page.keyboard.press("Escape");

    // A request no longer open is not named: withdraw the first, the notice names one.
    const withdrawn = await apiFromPage(
      page,
      "POST",
      `/projects/${projectId}/change-requests/${first.id}/withdraw`,
      {},
    );
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
    await open();
    await notice.getByText("new-checkout already has an open change request for Production.")
      .waitFor();

    // The link leads to that change request.
    const second = both.find((c) => c.id !== first.id)!;
    await notice.getByRole("link", { name: "Turn new-checkout on in Production" }).click();
    await page.waitForURL(new RegExp(`/change-requests/${second.id}$`));
    await page.getByRole("heading", { name: "Turn new-checkout on in Production" }).waitFor();

    // At 390 px the dialog with its notice fits the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(projectUrl);
    await open();
    await notice.waitFor();
    await shot("grid-followups-02-open-request-390", { fullPage: false });
    await fitsWidth(page);
    assert.deepEqual(h.pageErrors, []);
  },
);

browserTest(
  "grid: a cell the kill switch wrote says killed, with the reason, until it is undone",
  "grid-followups-killed",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId, env } = await firstProject(page, h.server.url);
    const prod = env("Production");
    await createFlag(page, projectId, "dark-mode", false);
    await createFlag(page, projectId, "banner", "Hello");
    // Columns follow the environments' order: find each one's index in the header.
    await page.goto(projectUrl);
    await page.getByRole("switch", { name: "dark-mode in Production" }).waitFor();
    const heads = await page.locator(".flag-grid thead th").allTextContents();
    const col = (name: string) => heads.indexOf(name) - 1;
    assert.ok(col("Production") >= 0 && col("Development") >= 0, heads.join());

    // The kill switch in Production only, from the config page's dialog's API.
    const kill = await apiFromPage(
      page,
      "POST",
      `/projects/${projectId}/configs/dark-mode/kill-switch`,
      {
        value: true,
        environmentId: prod.id,
        reason: "Incident 42: light theme breaks checkout",
      },
    );
    assert.equal(kill.status, 201, JSON.stringify(kill.body));
    const killId = (kill.body as { killSwitch: { id: string } }).killSwitch.id;
    // And banner in every environment.
    const all = await apiFromPage(
      page,
      "POST",
      `/projects/${projectId}/configs/banner/kill-switch`,
      {
        value: "",
        environmentId: null,
        reason: "Wrong copy",
      },
    );
    assert.equal(all.status, 201, JSON.stringify(all.body));
    await page.reload();

    const darkProd = cell(page, "dark-mode", col("Production"));
    const darkDev = cell(page, "dark-mode", col("Development"));
    const badge = darkProd.getByTestId("cell-killed");
    await badge.waitFor();
    assert.equal((await badge.textContent())?.startsWith("killed"), true);
    const title = (await badge.getAttribute("title"))!;
    assert.match(title, /^Kill switch on in Production: clients get true, overrides suspended\./);
    assert.match(title, /Reason: “Incident 42: light theme breaks checkout” \(ada@example\.com, /);
    assert.doesNotMatch((await darkProd.textContent())!, /own value/);
    assert.equal(await darkProd.getByRole("switch").isChecked(), true);
    // Development is untouched: it serves the base value and has no badge.
    assert.equal(await darkDev.getByTestId("cell-killed").count(), 0);
    assert.match((await darkDev.textContent())!, /base/);
    // A kill in every environment marks every cell of the config.
    for (const e of ["Production", "Development"]) {
      const b = cell(page, "banner", col(e)).getByTestId("cell-killed");
      await b.waitFor();
      assert.match(
        (await b.getAttribute("title"))!,
        /^Kill switch on in every environment: .*“Wrong copy”/,
      );
    }
    await shot("grid-followups-03-killed");

    // Undone: the cell goes back to what it was (the list refreshes the kill switches itself).
    const undo = await apiFromPage(
      page,
      "POST",
      `/projects/${projectId}/kill-switches/${killId}/undo`,
      {},
    );
    assert.equal(undo.status, 200, JSON.stringify(undo.body));
    await badge.waitFor({ state: "detached", timeout: 15_000 });
    await eventually(
      "dark-mode back to base in Production",
      async () => /base/.test((await darkProd.textContent()) ?? ""),
    );
    assert.equal(await darkProd.getByRole("switch").isChecked(), false);
    assert.deepEqual(h.pageErrors, []);
  },
);

browserTest(
  "onboarding: at 390 px the checklist collapses and stays collapsed after a reload",
  "grid-followups-onboarding",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId } = await firstProject(page, h.server.url);
    // With a config the checklist shows its SDK snippet: at its tallest.
    await createFlag(page, projectId, "new-checkout", false);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(projectUrl);
    const checklist = page.getByRole("region", { name: "Get your app reading a flag" });
    const steps = checklist.getByRole("list");
    const toggle = checklist.getByRole("button", { name: "Hide steps" });
    await steps.waitFor();
    await checklist.getByText("1 of 3 done").waitFor();
    await checklist.getByText("You have new-checkout").waitFor();
    const openHeight = (await checklist.boundingBox())!.height;
    await shot("grid-followups-04-checklist-open-390", { fullPage: false });
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");

    await toggle.click();
    await steps.waitFor({ state: "detached" });
    const shown = checklist.getByRole("button", { name: "Show steps" });
    assert.equal(await shown.getAttribute("aria-expanded"), "false");
    // The status line stays, so "connected ✓" still shows collapsed.
    await checklist.getByTestId("onboarding-status").waitFor();
    const collapsedHeight = (await checklist.boundingBox())!.height;
    assert.ok(
      collapsedHeight < openHeight / 2,
      `collapsed ${collapsedHeight} px is not much less than open ${openHeight} px`,
    );

    await page.reload();
    await shown.waitFor();
    assert.equal(await steps.count(), 0, "the collapsed checklist opened again after a reload");
    await shot("grid-followups-05-checklist-collapsed-390", { fullPage: false });
    await fitsWidth(page);

    // Shown again, it stays shown.
    await shown.click();
    await steps.waitFor();
    await page.reload();
    await steps.waitFor();
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    assert.deepEqual(h.pageErrors, []);
  },
);
