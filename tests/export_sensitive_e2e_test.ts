// The Import / export page with a sensitive config, in headless Chromium: the export offers
// "Leave out" (the default) or "Include encrypted"; the encrypted file holds no plaintext and
// imports into another project, where the value reads back.
import assert from "node:assert/strict";
import { apiFromPage, browserTest, firstProject } from "./helpers/dashboard.ts";
import { KEY_1, PLAINTEXTS, sensitiveBody } from "./helpers/sensitive.ts";

browserTest(
  "dashboard: export leaves sensitive configs out or includes them encrypted; the file imports",
  "export-sensitive",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId, env } = await firstProject(page, h.server.url);
    const production = env("Production");
    for (
      const body of [
        sensitiveBody(production.id),
        { name: "greeting", base: { value: "hello" } },
      ]
    ) {
      const created = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, body);
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }

    await page.goto(`${projectUrl}/transfer`);
    const fieldset = page.getByRole("group", { name: "Sensitive configs (1)" });
    const leaveOut = fieldset.getByLabel("Leave out");
    await leaveOut.waitFor();
    assert.equal(await leaveOut.isChecked(), true, "leaving them out is the default");
    const download = async () => {
      const [file] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Download export" }).click(),
      ]);
      return await Deno.readTextFile((await file.path())!);
    };
    const omitted = JSON.parse(await download());
    assert.deepEqual(omitted.configs.map((c: { name: string }) => c.name), ["greeting"]);
    assert.equal(omitted.sensitiveConfigs, undefined);

    await fieldset.getByLabel(/Include encrypted/).check();
    await shot("90-export-sensitive-choice");
    const text = await download();
    for (const secret of PLAINTEXTS) assert.ok(!text.includes(secret), secret);
    await page.getByText("Exported 2 configs (1 sensitive, encrypted)").waitFor();

    const other = await apiFromPage(
      page,
      "POST",
      `/workspaces/${projectUrlWorkspace(projectUrl)}/projects`,
      {
        name: "Copy",
      },
    );
    assert.equal(other.status, 201, JSON.stringify(other.body));
    const copyId = (other.body as { id: string }).id;
    await page.goto(projectUrl.replace(/\/p\/[^/]+.*$/, `/p/${copyId}/transfer`));
    await page.getByLabel("Export JSON").fill(text);
    await page.getByText(/2 configs from .*1 of them sensitive/).waitFor();
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText("Created 2, replaced 0, skipped 0").waitFor();
    await page.getByText("Created 2, replaced 0, skipped 0").scrollIntoViewIfNeeded();
    await shot("91-import-sensitive", { fullPage: false });
    const got = await apiFromPage(page, "GET", `/projects/${copyId}/configs/db-password`);
    const config = got.body as { sensitive: boolean; base: { value: unknown } };
    assert.equal(config.sensitive, true);
    assert.equal(config.base.value, PLAINTEXTS[0]);
    assert.deepEqual(h.pageErrors, []);
  },
  { ENCRYPTION_KEY: KEY_1 },
);

function projectUrlWorkspace(url: string): string {
  return /\/w\/([^/]+)/.exec(new URL(url).pathname)![1]!;
}
