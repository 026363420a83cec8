// The dashboard's config page shows how often OFREP evaluated the config: "Evaluated N times in
// the last 24 h · last evaluated …", from counts the server flushes every 5 s.
import assert from "node:assert/strict";
import { apiFromPage, browserTest, firstRun, projectIdOf } from "./helpers/dashboard.ts";
import { evaluateFlag } from "./helpers/ofrep.ts";
import { waitFor } from "./helpers/wait.ts";

browserTest("the config page shows OFREP evaluation counts", "ofrep-counts", async (h) => {
  const { page } = h;
  await firstRun(page, h.server.url);
  const projectUrl = page.url();
  const projectId = await projectIdOf(page, projectUrl);
  const envs = await apiFromPage(page, "GET", `/projects/${projectId}/environments`);
  const production = (envs.body as { environments: { id: string; name: string }[] }).environments
    .find((e) => e.name === "Production")!;
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
