// The dashboard's "SDK connections" page, in headless Chromium: three raw stream clients, one of
// which stops reading. The page shows the silent one behind and not reading, the others on the
// latest revision, one of them applied after its ack; per config, how many applied the latest
// version and how many are behind. Once the silent client reads and acks, the page says so, and
// the config's history entry shows how fast its newest version reached the three clients.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { apiFromPage, browserTest, eventually, firstProject } from "./helpers/dashboard.ts";
import { openStream, SseReader, sync } from "./helpers/sdk.ts";

const config = (name: string, value: unknown) => ({
  name,
  description: "",
  editors: [],
  base: { value, schema: null, overrides: [] },
  variants: [],
});

async function write(page: Page, projectId: string, name: string, value: unknown) {
  const path = `/projects/${projectId}/configs`;
  const res = await apiFromPage(page, "PUT", `${path}/${name}`, config(name, value));
  if (res.status === 404) {
    const created = await apiFromPage(page, "POST", path, config(name, value));
    assert.equal(created.status, 201, JSON.stringify(created.body));
  } else assert.ok(res.status < 300, `PUT ${name}: ${res.status} ${JSON.stringify(res.body)}`);
}

browserTest(
  "the SDK connections page shows clients behind and applied",
  "connections",
  async (h) => {
    const { page, server } = h;
    const readers: SseReader[] = [];
    let silent: Response | null = null;
    try {
      const { projectUrl, projectId, env } = await firstProject(page, server.url);
      const prod = env("Production");
      await write(page, projectId, "small", 1);
      const created = await apiFromPage(page, "POST", `/projects/${projectId}/sdk-keys`, {
        name: "web",
        environmentId: prod.id,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const key = (created.body as { key: string }).key;
      await sync(server);

      const open = (id: string, ua: string) =>
        openStream(server, key, undefined, { "X-Client-Id": id, "User-Agent": ua });
      readers.push(new SseReader(await open("web-1", "replane-js-sdk/1.0.4")));
      readers.push(new SseReader(await open("web-2", "dialtone-sdk/0.3.0")));
      silent = await open("stuck", "replane-js-sdk/1.0.3"); // its body is not read
      await Promise.all(readers.map((r) => r.until((x) => x.records.length === 1)));

      // Large values until the silent client's socket buffers are full and frames wait for it.
      const pad = "x".repeat(256 * 1024);
      for (let v = 1; v <= 80 && server.hub.stats().stalled === 0; v++) {
        await write(page, projectId, "big", { v, pad });
        await sync(server);
      }
      assert.equal(server.hub.stats().stalled, 1, "the silent client fell behind");
      const latest = server.hub.environment(prod.id)!.revision;
      await eventually(
        "the readers to get the latest revision",
        () => readers.every((r) => r.frames.some((f) => f.id === String(latest))),
      );
      const ack = async (clientId: string) => {
        const res = await fetch(`${server.url}/api/sdk/v1/ack`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
          body: JSON.stringify({ revision: latest, clientId }),
        });
        assert.equal(res.status, 204, await res.text());
      };
      await ack("web-1");

      await page.goto(`${projectUrl}/connections?env=${prod.id}`);
      await page.getByRole("heading", { name: "SDK connections" }).waitFor();
      const row = (id: string) => page.locator(`tr[data-client="${id}"]`);
      await eventually("web-2 to show on latest", async () => {
        await page.getByRole("button", { name: "Refresh" }).click();
        return /On latest/.test(await row("web-2").textContent() ?? "");
      });
      const stuck = await row("stuck").textContent() ?? "";
      assert.match(stuck, /Behind/);
      assert.match(stuck, /Not reading/);
      assert.match(stuck, /replane-js-sdk\s*1\.0\.3/);
      assert.match(await row("web-1").textContent() ?? "", /Applied latest/);
      assert.match(await row("web-1").textContent() ?? "", new RegExp(`${latest}`));
      assert.match(await row("web-2").textContent() ?? "", /dialtone-sdk\s*0\.3\.0/);
      assert.match(
        await page.getByTestId("connections-summary").textContent() ?? "",
        /3 clients connected, 2 on the latest revision \d+, 1 behind/,
      );
      const big = await page.locator('tr[data-config="big"]').textContent() ?? "";
      assert.match(big, /1 client applied the latest version, 1 behind, oldest at revision \d+/);
      assert.match(big, /\(2 sent it\)/);
      assert.match(
        await page.locator('tr[data-config="small"]').textContent() ?? "",
        /1 client applied the latest version, 0 behind/,
      );
      await h.shot("connections-behind");

      // The silent client reads again and acknowledges: the page shows it applied.
      readers.push(new SseReader(silent));
      silent = null;
      await eventually("the silent client to catch up", () => server.hub.stats().stalled === 0);
      await ack("stuck");
      await eventually("the stuck client to show applied", async () => {
        await page.getByRole("button", { name: "Refresh" }).click();
        return /Applied latest/.test(await row("stuck").textContent() ?? "");
      });
      assert.doesNotMatch(await row("stuck").textContent() ?? "", /Not reading/);
      assert.match(
        await page.locator('tr[data-config="big"]').textContent() ?? "",
        /2 clients applied the latest version, 0 behind/,
      );
      await h.shot("connections-applied");

      // The history entry of the newest version says how fast it reached the three clients
      // (the silent one got it when it read again).
      await page.goto(`${projectUrl}/configs/big/history`);
      const current = page.locator(".versions li.selected");
      await eventually("the propagation summary of the current version", async () => {
        await page.reload();
        await current.waitFor();
        const text = await current.getByTestId("propagation").textContent().catch(() => "");
        return /Production: 3 clients · 50% [\d.]+ m?s · 99% [\d.]+ m?s · 100% [\d.]+ m?s/
          .test(text ?? "");
      }, 20_000);
      // The history of a large config is a very tall page now that it shows the diff: a
      // full-page shot of it took over 10 s while the whole suite ran.
      await h.shot("history-propagation", { fullPage: false });
      assert.deepEqual(h.pageErrors, []);
    } finally {
      await Promise.all(readers.map((r) => r.cancel()));
      await silent?.body?.cancel().catch(() => {});
    }
  },
);
