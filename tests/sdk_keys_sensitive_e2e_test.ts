// The SDK keys screen in headless Chromium: a key made with "May read sensitive configs" ticked
// is marked "reads sensitive" in the list and its stream carries the sensitive config; a key
// made without the box is not marked and its stream never names that config.
import assert from "node:assert/strict";
import { apiFromPage, browserTest, firstProject } from "./helpers/dashboard.ts";
import { openStream, SseReader, sync } from "./helpers/sdk.ts";
import { KEY_1, PLAINTEXTS, sensitiveBody } from "./helpers/sensitive.ts";

browserTest(
  "dashboard: an SDK key made to read sensitive configs gets them; one made without does not",
  "sdk-keys-sensitive",
  async (h) => {
    const { page, shot } = h;
    const { projectId, env } = await firstProject(page, h.server.url);
    const production = env("Production");
    const created = await apiFromPage(
      page,
      "POST",
      `/projects/${projectId}/configs`,
      sensitiveBody(production.id),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));

    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "SDK keys" })
      .click();
    const makeKey = async (name: string, readSensitive: boolean) => {
      await page.getByRole("button", { name: "New SDK key" }).first().click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Name", { exact: true }).fill(name);
      await dialog.getByLabel("Environment").selectOption({ label: "Production" });
      const box = dialog.getByLabel("May read sensitive configs");
      assert.equal(await box.isChecked(), false, "the box starts unticked");
      if (readSensitive) await box.check();
      if (readSensitive) await shot("80-sdk-key-sensitive-dialog");
      await dialog.getByRole("button", { name: "Create key" }).click();
      await dialog.waitFor({ state: "detached" });
      const key = (await page.getByTestId("new-sdk-key").textContent())!.trim();
      await page.getByRole("button", { name: /I have saved the key/ }).click();
      return key;
    };
    const trustedKey = await makeKey("payments-backend", true);
    const plainKey = await makeKey("web-frontend", false);

    const row = (name: string) => page.locator("tr").filter({ hasText: name });
    await row("payments-backend").getByText("reads sensitive").waitFor();
    assert.equal(await row("web-frontend").getByText("reads sensitive").count(), 0);
    await shot("81-sdk-keys-sensitive-list");

    await sync(h.server);
    const trusted = new SseReader(await openStream(h.server, trustedKey));
    const plain = new SseReader(await openStream(h.server, plainKey));
    try {
      const init = (r: SseReader) => r.records.some((x) => x.type === "init");
      await trusted.until(init);
      await plain.until(init);
      const trustedInit = JSON.stringify(trusted.records.find((x) => x.type === "init"));
      const plainInit = JSON.stringify(plain.records.find((x) => x.type === "init"));
      assert.ok(trustedInit.includes("db-password"), trustedInit);
      assert.ok(trustedInit.includes(PLAINTEXTS[2]!), trustedInit);
      assert.ok(!plainInit.includes("db-password"), plainInit);
      assert.ok(!plainInit.includes("SECRET"), plainInit);
    } finally {
      await trusted.cancel();
      await plain.cancel();
    }
    assert.deepEqual(h.pageErrors, []);
  },
  { ENCRYPTION_KEY: KEY_1 },
);
