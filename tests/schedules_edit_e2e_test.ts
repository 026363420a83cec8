// Scheduled on/off pairs on the dashboard (Chromium, real server): "on at T, off at T2" scheduled
// from a config's Save bar shows as a linked pair on Upcoming changes, times with their zone;
// the edit dialog moves the put-back (kept after the change) and edits the value; cancelling the
// change cancels both; and a pair moved a few seconds ahead reaches the published SDK as on,
// then off.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { apiFromPage, browserTest, eventually, firstRun } from "./helpers/dashboard.ts";
import { connectSdk } from "./helpers/sdk.ts";
import { eventually as settled } from "./helpers/wait.ts";

type Item = {
  id: string;
  status: string;
  dueAt: string;
  comment: string;
  firedVersion: number | null;
  failure: string | null;
  revertId: string | null;
  revertOf: string | null;
  state: { base: { value: unknown } };
};

async function setUp(page: Page, url: string, name: string, base: Record<string, unknown>) {
  await firstRun(page, url);
  const projectUrl = page.url();
  // The first run's one project, whatever form its address takes.
  const workspaceId = /\/w\/([^/?#]+)/.exec(projectUrl)![1]!;
  const projects = await apiFromPage(page, "GET", `/workspaces/${workspaceId}/projects`);
  const projectId = (projects.body as { projects: { id: string }[] }).projects[0]!.id;
  const made = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
    name,
    base: { overrides: [], ...base },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  return { projectId, projectUrl };
}

async function list(page: Page, projectId: string): Promise<Item[]> {
  const res = await apiFromPage(page, "GET", `/projects/${projectId}/schedules`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body as { schedules: Item[] }).schedules;
}

async function baseValue(page: Page, projectId: string, name: string): Promise<unknown> {
  const res = await apiFromPage(page, "GET", `/projects/${projectId}/configs/${name}`);
  return (res.body as { base: { value: unknown } }).base.value;
}

/** A datetime-local value `seconds` from now in the page's zone, and the ISO time it means. */
const localIn = (page: Page, seconds: number) =>
  page.evaluate((s) => {
    const d = new Date(Math.floor((Date.now() + s * 1000) / 1000) * 1000);
    const p = (n: number) => String(n).padStart(2, "0");
    const local = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${
      p(d.getMinutes())
    }:${p(d.getSeconds())}`;
    return { local, iso: d.toISOString() };
  }, seconds);

/** The time as the page shows it (its zone's name included), and that zone's short name. */
const shown = (page: Page, iso: string) =>
  page.evaluate((t) => {
    const d = new Date(t);
    const text = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "long" })
      .format(d);
    const zone = new Intl.DateTimeFormat(undefined, { timeZoneName: "short" }).formatToParts(d)
      .find((part) => part.type === "timeZoneName")!.value;
    return { text, zone };
  }, iso);

browserTest(
  "dashboard: an on/off pair on Upcoming changes: linked rows, the put-back moved, both cancelled",
  "schedule-pair",
  async (h) => {
    const { page, shot } = h;
    const { projectId, projectUrl } = await setUp(page, h.server.url, "banner", {
      value: "",
      schema: { type: "string", maxLength: 24 },
    });
    await page.goto(`${projectUrl}/configs/banner`);
    await page.getByLabel("Base value").fill("Winter sale");
    await page.getByRole("button", { name: "Schedule…" }).click();
    const dialog = page.getByRole("dialog");
    const on = await localIn(page, 86_400);
    await dialog.getByLabel("Apply at").fill(on.local);
    // A put-back before the change is refused in the dialog; nothing is scheduled.
    await dialog.getByLabel("Put back at (optional)").fill((await localIn(page, 3_600)).local);
    await dialog.getByRole("button", { name: "Schedule change" }).click();
    await dialog.getByText("Put it back after the change goes live").waitFor();
    assert.deepEqual(await list(page, projectId), []);
    const off = await localIn(page, 2 * 86_400);
    await dialog.getByLabel("Put back at (optional)").fill(off.local);
    await dialog.getByLabel("Comment").fill("Winter sale weekend");
    await dialog.getByRole("button", { name: "Schedule change" }).click();
    await page.getByText(/^Scheduled banner for .+, back at .+/).waitFor();
    const [change, putBack] = await list(page, projectId);
    assert.deepEqual(
      [change!.dueAt, change!.revertId, putBack!.dueAt, putBack!.revertOf],
      [on.iso, putBack!.id, off.iso, change!.id],
    );

    // The rows name each other, with the zone, and link to each other.
    await page.getByRole("link", { name: "Upcoming changes" }).first().click();
    const rows = page.getByTestId("schedule");
    await eventually("both rows", async () => (await rows.count()) === 2);
    const offShown = await shown(page, off.iso);
    const onShown = await shown(page, on.iso);
    assert.ok(offShown.text.includes(offShown.zone), `${offShown.text} names its zone`);
    await rows.first().getByRole("time").getByText(onShown.text, { exact: true }).waitFor();
    const changePair = rows.first().getByTestId("schedule-pair");
    const putBackPair = rows.nth(1).getByTestId("schedule-pair");
    assert.equal(await changePair.textContent(), `↩ Put back at ${offShown.text}`);
    assert.equal(await putBackPair.textContent(), `↩ Puts back the change due ${onShown.text}`);
    assert.equal(
      await changePair.getByRole("link").getAttribute("href"),
      `#schedule-${putBack!.id}`,
    );
    await putBackPair.getByRole("link", { name: onShown.text }).click();
    await eventually(
      "the jump to the change",
      () => page.url().endsWith(`#schedule-${change!.id}`),
    );
    assert.equal(await rows.first().getAttribute("id"), `schedule-${change!.id}`);
    await shot("sched-01-pair");

    // Edit the change: its put-back's time is there, kept after the change; the value too.
    await rows.first().getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("dialog");
    const save = edit.getByRole("button", { name: "Save changes" });
    assert.equal(await edit.getByLabel("Put back at").inputValue(), off.local);
    await edit.getByText(/Time zone: .+ \(UTC[+-]\d\d:\d\d\)\./).first().waitFor();
    await edit.getByLabel("Put back at").fill((await localIn(page, 3_600)).local);
    await edit.getByRole("alert").getByText("The put-back must come after the change.").waitFor();
    assert.equal(await save.isDisabled(), true, "a put-back before its change cannot be saved");
    const later = await localIn(page, 3 * 86_400);
    await edit.getByLabel("Put back at").fill(later.local);
    await edit.getByRole("alert").waitFor({ state: "detached" });
    const value = edit.getByLabel("Base value it sets");
    assert.equal(await value.inputValue(), "Winter sale");
    await value.fill("Winter sale: everything 20% off");
    await edit.getByText("must NOT have more than 24 characters").first().waitFor();
    assert.equal(await save.isDisabled(), true, "the schema's limit holds in the dialog");
    await value.fill("Winter sale -20%");
    await shot("sched-02-edit-pair");
    await save.click();
    await page.getByText(/^Rescheduled banner for .+, put back at .+/).waitFor();
    await eventually(
      "the moved put-back on the change's row",
      async () => (await changePair.textContent())!.includes((await shown(page, later.iso)).text),
    );
    const [edited, moved] = await list(page, projectId);
    assert.deepEqual(
      [edited!.dueAt, edited!.state.base.value, moved!.dueAt, moved!.state.base.value],
      [on.iso, "Winter sale -20%", later.iso, ""],
    );
    await rows.first().getByText('Value "Winter sale -20%"').waitFor();

    // The put-back may not move before its change.
    await rows.nth(1).getByRole("button", { name: "Edit" }).click();
    await edit.getByLabel("Base value it puts back").waitFor();
    await edit.getByLabel("Apply at").fill((await localIn(page, 3_600)).local);
    await edit.getByRole("alert").getByText(/^A put-back comes after its change, due .+\.$/)
      .waitFor();
    assert.equal(await save.isDisabled(), true);
    await edit.getByRole("button", { name: "Cancel", exact: true }).click();
    await edit.waitFor({ state: "detached" });

    // Cancelling the change says, and does, that its put-back goes too.
    await rows.first().getByRole("button", { name: "Cancel change…" }).click();
    const confirm = page.getByRole("dialog");
    await confirm.getByText(/its put-back planned for .+ is cancelled too\./).waitFor();
    await shot("sched-03-cancel-pair");
    await confirm.getByRole("button", { name: "Cancel the change and its put-back" }).click();
    await page.getByText("Cancelled the change to banner and its put-back").waitFor();
    await page.getByText("Nothing scheduled").waitFor();
    const after = await list(page, projectId);
    assert.deepEqual(after.map((s) => [s.id, s.status]), [
      [change!.id, "cancelled"],
      [putBack!.id, "cancelled"],
    ]);
    await page.getByLabel("Show").selectOption("cancelled");
    await eventually("both cancelled rows", async () => (await rows.count()) === 2);
    await changePair.getByText(/\(cancelled\)$/).waitFor();
    await shot("sched-04-cancelled");
    assert.equal(await baseValue(page, projectId, "banner"), "");
    assert.deepEqual(h.pageErrors, []);
  },
);

browserTest(
  "dashboard: an on/off pair moved a few seconds ahead reaches the published SDK as on, then off",
  "schedule-pair-fire",
  async (h) => {
    const { page, shot } = h;
    const { projectId, projectUrl } = await setUp(page, h.server.url, "checkout", {
      value: false,
      schema: null,
    });
    const envs = (await apiFromPage(page, "GET", `/projects/${projectId}/environments`))
      .body as { environments: { id: string; name: string }[] };
    const key = await apiFromPage(page, "POST", `/projects/${projectId}/sdk-keys`, {
      name: "storefront",
      description: "",
      environmentId: envs.environments.find((e) => e.name === "Production")!.id,
    });
    assert.equal(key.status, 201, JSON.stringify(key.body));
    const sdk = await connectSdk(h.server.url, (key.body as { key: string }).key);
    try {
      assert.equal(sdk.get("checkout"), false);
      const seen: unknown[] = [];
      sdk.subscribe("checkout", () => seen.push(sdk.get("checkout")));

      await page.goto(`${projectUrl}/configs/checkout`);
      await page.getByLabel("Base value").check();
      await page.getByRole("button", { name: "Schedule…" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Apply at").fill((await localIn(page, 3_600)).local);
      await dialog.getByLabel("Put back at (optional)").fill((await localIn(page, 7_200)).local);
      await dialog.getByRole("button", { name: "Schedule change" }).click();
      await page.getByText(/^Scheduled checkout for /).waitFor();

      // Both moved to a few seconds from now, in one edit of the change.
      await page.getByRole("link", { name: "Upcoming changes" }).first().click();
      const rows = page.getByTestId("schedule");
      await eventually("both rows", async () => (await rows.count()) === 2);
      await rows.first().getByRole("button", { name: "Edit" }).click();
      const edit = page.getByRole("dialog");
      await edit.getByLabel("Apply at").fill((await localIn(page, 6)).local);
      await edit.getByLabel("Put back at").fill((await localIn(page, 9)).local);
      await edit.getByRole("button", { name: "Save changes" }).click();
      await page.getByText(/^Rescheduled checkout for .+, put back at /).waitFor();

      const done = await settled(async () => {
        const items = await list(page, projectId);
        assert.ok(items.every((s) => s.status !== "pending"), "still pending");
        return items;
      }, 30_000);
      assert.deepEqual(done.map((s) => [s.status, s.failure]), [
        ["applied", null],
        ["applied", null],
      ]);
      assert.ok(done[0]!.firedVersion! < done[1]!.firedVersion!, "on first, then off");
      await eventually("the SDK to see both", () => seen.length >= 2, 10_000);
      assert.deepEqual(seen, [true, false], "the SDK saw on, then off");
      assert.equal(sdk.get("checkout"), false);

      // Both left the upcoming list; All shows the put-back naming the applied change.
      await page.getByText("Nothing scheduled").waitFor({ timeout: 10_000 });
      await page.getByLabel("Show").selectOption("all");
      await eventually("both rows", async () => (await rows.count()) === 2);
      const applied = await shown(page, (await list(page, projectId))[0]!.dueAt);
      await rows.nth(1).getByTestId("schedule-pair").getByText(/^↩ Puts back the change applied/)
        .waitFor();
      assert.ok(applied.text.includes(applied.zone));
      await shot("sched-05-fired");
      assert.deepEqual(h.pageErrors, []);
    } finally {
      sdk.disconnect();
    }
  },
);
