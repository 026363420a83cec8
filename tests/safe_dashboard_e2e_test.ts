// The safe-change screens (docs/safe_changes.md) in headless Chromium against a real server:
// the kill switch on a config and its badge in the list, scheduling a save and the upcoming
// changes list, and rolling a project back to an earlier time with the preview.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { apiFromPage, browserTest, eventually, firstProject } from "./helpers/dashboard.ts";

type Variant = { environmentId: string; value: unknown; overrides: unknown[] };
type Config = {
  version: number;
  base: { value: unknown; overrides: unknown[] };
  variants: Variant[];
};

const beta = [{
  name: "pro users",
  conditions: [{ operator: "equals", property: "plan", value: { type: "literal", value: "pro" } }],
  value: true,
}];

/** First run, then a config made through the API; answers the project's ids and URL. */
async function setUp(page: Page, url: string, name: string, value: unknown) {
  const { projectUrl, projectId, env } = await firstProject(page, url);
  const made = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
    name,
    description: "The checkout flow",
    base: { value, schema: null, overrides: typeof value === "boolean" ? beta : [] },
    variants: [],
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  return { projectId, projectUrl, env: (n: string) => env(n).id };
}

async function getConfig(page: Page, projectId: string, name: string): Promise<Config> {
  const res = await apiFromPage(page, "GET", `/projects/${projectId}/configs/${name}`);
  assert.equal(res.status, 200);
  return res.body as Config;
}

browserTest(
  "dashboard: kill switch on a config page, its badge in the list, undo",
  "safe-kill",
  async (h) => {
    const { page, shot } = h;
    const { projectId, projectUrl, env } = await setUp(page, h.server.url, "checkout", true);
    const prod = env("Production");
    await page.goto(`${projectUrl}/configs/checkout`);
    await page.getByRole("heading", { name: "checkout" }).waitFor();

    await page.getByRole("button", { name: "Kill switch…" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Where").selectOption({ label: "Production" });
    // The config is a boolean: the safe value is a true/false choice, not free JSON.
    assert.deepEqual(
      await dialog.getByLabel("Safe value").locator("option").allTextContents(),
      ["false", "true"],
    );
    await dialog.getByLabel("Safe value").selectOption("false");
    const go = dialog.getByRole("button", { name: "Switch off now" });
    assert.equal(await go.isDisabled(), true, "no reason, no kill");
    await dialog.getByText("Every client in Production gets false; 1 override suspended.")
      .waitFor();
    await dialog.getByLabel("Reason").fill("Payments failing for pro users");
    await shot("70-kill-switch-dialog");
    await go.click();

    const banner = page.getByTestId("kill-switch");
    await banner.getByText("Kill switch on in Production.").waitFor();
    await banner.getByText("Reason: “Payments failing for pro users”").waitFor();
    await banner.getByText(/Switched off by .*ada@example\.com|Switched off by Ada/).waitFor();
    assert.equal(await page.getByRole("button", { name: "Kill switch…" }).count(), 0);
    const killed = await getConfig(page, projectId, "checkout");
    const variant = killed.variants.find((v) => v.environmentId === prod)!;
    assert.deepEqual([variant.value, variant.overrides], [false, []]);
    assert.equal(killed.base.overrides.length, 1, "only Production was switched off");
    await page.getByText(`version ${killed.version} ·`).waitFor();
    await shot("71-kill-switch-banner");

    // The list marks the killed config, and its cell in the killed environment.
    await page.getByRole("link", { name: "Configs" }).first().click();
    const row = page.getByRole("row", { name: /checkout/ });
    await row.getByRole("rowheader").getByText("killed", { exact: true }).waitFor();
    await row.getByTestId("cell-killed").waitFor();
    await shot("72-kill-switch-list");

    // A second kill through the API is refused; the page's Undo puts back what was replaced.
    const again = await apiFromPage(
      page,
      "POST",
      `/projects/${projectId}/configs/checkout/kill-switch`,
      {
        value: false,
        reason: "again",
      },
    );
    assert.equal(again.status, 409);
    await row.getByRole("link", { name: "checkout" }).click();
    await banner.getByRole("button", { name: "Undo kill switch" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Undo kill switch" }).click();
    await page.getByText(/Kill switch undone: version \d+/).waitFor();
    await banner.waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Kill switch…" }).waitFor();
    const undone = await getConfig(page, projectId, "checkout");
    assert.equal(undone.variants.length, 0, "Production had no variant before the kill");
    await page.getByRole("link", { name: "Configs" }).first().click();
    await page.getByRole("row", { name: /checkout/ }).waitFor();
    await eventually(
      "the badge to go",
      async () => (await page.getByText("killed", { exact: true }).count()) === 0,
    );

    // A number config gets a number field: text that is not a number cannot be sent.
    const limit = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
      name: "rate-limit",
      base: { value: 100, schema: { type: "number", minimum: 1 }, overrides: [] },
    });
    assert.equal(limit.status, 201, JSON.stringify(limit.body));
    await page.goto(`${projectUrl}/configs/rate-limit`);
    await page.getByRole("button", { name: "Kill switch…" }).click();
    await dialog.getByLabel("Safe value").fill("lots");
    await dialog.getByText("Enter a number").waitFor();
    await dialog.getByLabel("Reason").fill("Abuse from one client");
    assert.equal(await go.isDisabled(), true, "not a number, no kill");
    // The schema refuses 0: the server's reason shows and nothing is switched off.
    await dialog.getByLabel("Safe value").fill("0");
    await go.click();
    await dialog.getByText("Not switched off.").waitFor();
    await dialog.getByText("must be >= 1 (got 0)").waitFor();
    await dialog.getByLabel("Safe value").fill("1");
    await go.click();
    await page.getByTestId("kill-switch").getByText("Kill switch on in every environment.")
      .waitFor();
    assert.equal((await getConfig(page, projectId, "rate-limit")).base.value, 1);
    assert.deepEqual(h.pageErrors, []);
  },
);

/** A datetime-local value `seconds` from now, in the page's time zone. */
const localIn = (page: Page, seconds: number) =>
  page.evaluate((s) => {
    const d = new Date(Date.now() + s * 1000);
    const p = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${
      p(d.getMinutes())
    }:${p(d.getSeconds())}`;
  }, seconds);

type ScheduleRow = { id: string; status: string; dueAt: string; comment: string };
async function listSchedules(page: Page, projectId: string): Promise<ScheduleRow[]> {
  const res = await apiFromPage(page, "GET", `/projects/${projectId}/schedules`);
  return (res.body as { schedules: ScheduleRow[] }).schedules;
}

browserTest(
  "dashboard: schedule a save with a revert, edit and cancel upcoming changes",
  "safe-schedule",
  async (h) => {
    const { page, shot } = h;
    const { projectId, projectUrl } = await setUp(page, h.server.url, "checkout", true);
    await page.goto(`${projectUrl}/configs/checkout`);
    await page.getByLabel("Base value").uncheck();
    await page.getByRole("button", { name: "Schedule…" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText(/Time zone: .+ \(UTC[+-]\d\d:\d\d\)\./).first().waitFor();

    // A time in the past: the server's reason stays in the dialog and nothing is scheduled.
    await dialog.getByLabel("Apply at").fill(await localIn(page, -3600));
    await dialog.getByRole("button", { name: "Schedule change" }).click();
    await dialog.getByText("Not scheduled.").waitFor();
    await dialog.getByText(/at ".+" must be later than/).first().waitFor();
    assert.deepEqual(await listSchedules(page, projectId), []);

    await dialog.getByLabel("Apply at").fill(await localIn(page, 86_400));
    await dialog.getByLabel("Put back at (optional)").fill(await localIn(page, 2 * 86_400));
    await dialog.getByLabel("If the config changes before then").selectOption("apply");
    await dialog.getByLabel("Comment").fill("Checkout off for the migration");
    await shot("73-schedule-dialog");
    await dialog.getByRole("button", { name: "Schedule change" }).click();
    await page.getByText(/Scheduled checkout for /).waitFor();
    // The save bar is gone: nothing changed now, the edit waits in the schedule.
    await page.getByRole("region", { name: "Unsaved changes" }).waitFor({ state: "detached" });
    const made = await listSchedules(page, projectId);
    assert.equal(made.length, 2, "the change and its revert");
    assert.equal((await getConfig(page, projectId, "checkout")).base.value, true);
    await page.getByText(
      /^2 scheduled changes: the next at .+ \(“Checkout off for the migration”\)\./,
    )
      .waitFor({ timeout: 8000 });
    await shot("73b-config-upcoming");

    await page.getByRole("link", { name: "Upcoming changes" }).first().click();
    const rows = page.getByTestId("schedule");
    await eventually("both rows", async () => (await rows.count()) === 2);
    await rows.first().getByText("Checkout off for the migration").waitFor();
    await rows.first().getByText("if changed meanwhile: apply anyway").waitFor();
    await shot("74-upcoming-changes");

    // Edit the first to fire in two seconds; the list then shows it applied.
    await rows.first().getByRole("button", { name: "Edit" }).click();
    await page.getByRole("dialog").getByLabel("Apply at").fill(await localIn(page, 2));
    await page.getByRole("dialog").getByLabel("Comment").fill("Now, then");
    await page.getByRole("dialog").getByRole("button", { name: "Save changes" }).click();
    await page.getByText(/Rescheduled checkout for /).waitFor();
    await eventually(
      "the change to fire",
      async () => (await getConfig(page, projectId, "checkout")).base.value === false,
      10_000,
    );
    await eventually("one upcoming row", async () => (await rows.count()) === 1);

    // Cancel the revert.
    await rows.first().getByRole("button", { name: "Cancel change…" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel the change" }).click();
    await page.getByText("Nothing scheduled").waitFor();
    await page.getByLabel("Show").selectOption("all");
    await rows.getByText("applied", { exact: true }).waitFor();
    await rows.getByText("cancelled", { exact: true }).waitFor();
    await shot("75-schedules-all");
    const after = await listSchedules(page, projectId);
    assert.deepEqual(after.map((s) => s.status).sort(), ["applied", "cancelled"]);
    assert.equal(after.find((s) => s.status === "applied")!.comment, "Now, then");
    assert.equal((await getConfig(page, projectId, "checkout")).base.value, false);
    assert.deepEqual(h.pageErrors, []);
  },
);

browserTest(
  "dashboard: roll back the project to a past time, with the preview and a reason",
  "safe-rollback",
  async (h) => {
    const { page, shot } = h;
    const { projectId, projectUrl } = await setUp(page, h.server.url, "checkout", true);
    // The field takes whole seconds: the time chosen lies strictly between the two states.
    await new Promise((r) => setTimeout(r, 1100));
    const then = await localIn(page, 0);
    await new Promise((r) => setTimeout(r, 1100));
    const current = await getConfig(page, projectId, "checkout");
    const edited = await apiFromPage(page, "PATCH", `/projects/${projectId}/configs/checkout`, {
      description: "The checkout flow",
      base: { value: false, schema: null, overrides: [] },
      variants: [],
      baseVersion: current.version,
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const made = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
      name: "banner",
      base: { value: "Sale!", schema: null, overrides: [] },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));

    await page.goto(`${projectUrl}/settings`);
    const card = page.getByRole("region", { name: "Roll back project to…" });
    await card.getByLabel("Roll back to").fill(then);
    await card.getByRole("button", { name: "Preview" }).click();
    const plan = card.getByTestId("rollback-preview");
    await plan.getByText("2 configs would change").waitFor();
    const item = (name: string) => plan.getByRole("listitem").filter({ hasText: name }).first();
    await item("checkout").getByText("changes", { exact: true }).waitFor();
    await item("checkout").getByText("false → true").waitFor();
    await item("banner").getByText("is deleted").waitFor();
    const go = card.getByRole("button", { name: "Roll back…" });
    assert.equal(await go.isDisabled(), true, "no reason, no rollback");
    await card.getByLabel("Reason").fill("Undo the sale launch");
    await shot("76-rollback-preview");
    await go.click();
    await page.getByRole("dialog").getByRole("button", { name: "Roll back", exact: true }).click();
    await page.getByText(/Rolled back 2 configs \(revision \d+\)/).waitFor();
    await plan.waitFor({ state: "detached" });

    const back = await getConfig(page, projectId, "checkout");
    assert.deepEqual([back.base.value, back.base.overrides], [true, beta]);
    const gone = await apiFromPage(page, "GET", `/projects/${projectId}/configs/banner`);
    assert.equal(gone.status, 404);
    // Previewing again: nothing left to do.
    await card.getByRole("button", { name: "Preview" }).click();
    await card.getByText("Nothing would change: the project is as it was then.").waitFor();
    await shot("77-rollback-done");
    assert.deepEqual(h.pageErrors, []);
  },
);
