// The save comment in the dashboard, in headless Chromium against a real server: a comment
// typed next to Save goes with the save and is cleared after it; the History tab and the
// audit log show it (read back from the server after a reload); a restore takes its own
// comment. Screenshots go to test-output/save-comment-*.png.
import assert from "node:assert/strict";
import { browserTest, firstRun } from "./helpers/dashboard.ts";

browserTest(
  "dashboard: save comment on save and restore, shown in the history and the audit log",
  "save-comment",
  async (h) => {
    const { page, shot } = h;
    await firstRun(page, h.server.url);
    await page.getByRole("button", { name: "New config" }).first().click();
    await page.getByLabel("Name", { exact: true }).fill("launch-banner");
    await page.getByRole("button", { name: "Create config" }).click();
    await page.getByRole("heading", { name: "launch-banner" }).waitFor();

    // An edit opens the save bar with an empty comment; the comment goes with the save.
    const comment = page.getByRole("textbox", { name: "Comment for this save" });
    await page.getByLabel("Base value").check();
    assert.equal(await comment.inputValue(), "");
    assert.equal(await comment.getAttribute("placeholder"), "Why this change? (optional)");
    await comment.fill("Turn on for the launch");
    await shot("save-comment-01-save-bar");
    await page.getByRole("button", { name: "Save version 2" }).click();
    await page.getByText("Saved version 2").waitFor();

    // Cleared after the save: the next edit starts without one. Enter in it saves too.
    await page.getByLabel("Base value").uncheck();
    assert.equal(await comment.inputValue(), "");
    await comment.fill("Off while support catches up");
    await comment.press("Enter");
    await page.getByText("Saved version 3").waitFor();
    // A save without a comment.
    await page.getByLabel("Base value").check();
    await page.getByRole("button", { name: "Save version 4" }).click();
    await page.getByText("Saved version 4").waitFor();

    // The History tab, read from the server after a reload: each comment under its version.
    await page.getByRole("tab", { name: "History" }).click();
    await page.reload();
    const version = (n: number) => page.getByRole("button", { name: new RegExp(`^v${n}\\b`) });
    await version(4).waitFor();
    assert.match((await version(2).textContent())!, /“Turn on for the launch”/);
    assert.match((await version(3).textContent())!, /“Off while support catches up”/);
    assert.doesNotMatch((await version(4).textContent())!, /“/);
    assert.doesNotMatch((await version(1).textContent())!, /“/);
    await shot("save-comment-02-history");

    // Restore version 1 with a comment of its own.
    await version(1).click();
    await page.getByRole("button", { name: "Restore v1" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Comment").fill("Back to off: the launch moved");
    await shot("save-comment-03-restore-dialog");
    await dialog.getByRole("button", { name: "Restore v1" }).click();
    await page.getByText("Restored version 1 as version 5").waitFor();
    await version(5).waitFor();
    assert.match((await version(5).textContent())!, /“Back to off: the launch moved”/);
    await page.reload();
    await version(5).waitFor();
    assert.match((await version(5).textContent())!, /“Back to off: the launch moved”/);
    assert.equal(await page.getByLabel("Base value").count(), 0, "still on the History tab");

    // The audit log shows the comments of the saves and of the restore, in their rows.
    await page.getByRole("link", { name: "Audit log" }).first().click();
    await page.getByRole("heading", { name: "Audit log" }).waitFor();
    const row = (text: string) => page.locator("tr", { hasText: text });
    await row("“Back to off: the launch moved”").waitFor();
    assert.match((await row("“Back to off: the launch moved”").textContent())!, /config\.restore/);
    assert.match((await row("“Turn on for the launch”").textContent())!, /config\.update/);
    assert.match((await row("“Off while support catches up”").textContent())!, /config\.update/);
    assert.equal(await page.locator(".audit-comment").count(), 3);
    await shot("save-comment-04-audit-log");

    // On a phone the comment takes its own line in the save bar.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goBack();
    await page.getByRole("tab", { name: "Value" }).click();
    await page.getByLabel("Base value").check();
    await comment.fill("A long reason that has to fit on a narrow screen");
    await shot("save-comment-05-phone", { fullPage: false });
    const bar = await page.getByRole("region", { name: "Unsaved changes" }).boundingBox();
    const input = await comment.boundingBox();
    assert.ok(bar && input && input.x >= bar.x && input.x + input.width <= bar.x + bar.width);
    assert.deepEqual(h.pageErrors, []);
  },
);
