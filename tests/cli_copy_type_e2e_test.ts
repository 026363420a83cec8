// The dashboard's "Copy type" on a config page, in headless Chromium against a real server:
// the clipboard gets the type `dialtone codegen --lang ts` writes for that config.
import assert from "node:assert/strict";
import { typescriptForConfig } from "../src/codegen/typescript.ts";
import { apiFromPage, browserTest, firstRun, projectIdOf } from "./helpers/dashboard.ts";

browserTest(
  "dashboard: Copy type puts the config's TypeScript type on the clipboard",
  "copy-type",
  async (h) => {
    const { page, shot } = h;
    await firstRun(page, h.server.url);
    const projectUrl = page.url();
    const projectId = await projectIdOf(page, projectUrl);
    const schema = {
      type: "object",
      properties: {
        limit: { type: "integer", description: "Requests per minute" },
        tier: { enum: ["free", "pro"] },
      },
      required: ["limit"],
    };
    const created = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
      name: "rate-limit",
      description: "Per customer",
      editors: [],
      variants: [],
      base: { value: { limit: 10, tier: "free" }, schema, overrides: [] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], {
      origin: new URL(h.server.url).origin,
    });
    await page.goto(`${projectUrl}/configs/rate-limit`);
    const button = page.getByRole("button", { name: "Copy type" });
    await button.click();
    await page.getByRole("button", { name: "Copied" }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const config = (await apiFromPage(page, "GET", `/projects/${projectId}/configs/rate-limit`))
      .body as { base: { value: unknown; schema: unknown; overrides: [] } };
    assert.equal(
      copied,
      typescriptForConfig({
        name: "rate-limit",
        description: "Per customer",
        value: config.base.value,
        schema: config.base.schema,
        overrides: [],
        variants: [],
      }),
    );
    assert.match(copied, /export type RateLimit = \{/);
    assert.match(copied, /\/\*\* Requests per minute \*\/\n {2}limit: number;/);
    assert.match(copied, /tier\?: "free" \| "pro";/);
    await shot("copy-type");
    assert.deepEqual(h.pageErrors, []);
  },
);
