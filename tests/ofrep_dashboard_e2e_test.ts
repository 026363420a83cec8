// The dashboard's config page shows how often OFREP evaluated the config: "Evaluated N times in
// the last 24 h · last evaluated …", from counts the server flushes every 5 s.
import assert from "node:assert/strict";
import { apiFromPage, browserTest, firstProject } from "./helpers/dashboard.ts";
import { evaluateFlag } from "./helpers/ofrep.ts";
import { waitFor } from "./helpers/wait.ts";

browserTest("the config page shows OFREP evaluation counts", "ofrep-counts", async (h) => {
  const { page } = h;
  const { projectUrl, projectId, env } = await firstProject(page, h.server.url);
  const production = env("Production");
  const created = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
    name: "checkout-v2",
    description: "",
    editors: [],
    base: { value: false, schema: null, overrides: [] },
    variants: [],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const key = await apiFromPage(page, "POST", `/projects/${projectId}/sdk-keys`, {
    name: "web",
    environmentId: production.id,
  });
  assert.equal(key.status, 201, JSON.stringify(key.body));
  const sdkKey = (key.body as { key: string }).key;

  await page.goto(`${projectUrl}/configs/checkout-v2`);
  await page.getByText("Not evaluated on the server in the last 24 h").waitFor();

  await waitFor("the key to replicate", async () => {
    return (await evaluateFlag(h.server.url, sdkKey, "checkout-v2", {})).status === 200;
  });
  for (let i = 0; i < 2; i++) {
    assert.equal((await evaluateFlag(h.server.url, sdkKey, "checkout-v2", {})).status, 200);
  }
  const counts = page.getByTestId("evaluation-counts");
  await waitFor("the counts on the page", async () => {
    await page.reload();
    await counts.waitFor();
    return /Evaluated 3 times in the last 24 h/.test(await counts.textContent() ?? "");
  }, 20_000);
  assert.match(await counts.textContent() ?? "", /last evaluated (just now|\d+ seconds? ago)/);
  assert.match(await counts.textContent() ?? "", /Production: 3/);
  await h.shot("ofrep-evaluation-counts");
});
