// The stock OpenFeature web SDK with the stock OFREP web provider, unchanged, in headless
// Chromium on a page of another origin: every flag type, targeting, a rollout, a missing flag,
// a wrong key, a context change, and a change made through the admin API reaching the page
// through the OFREP event stream (polling is off, so nothing else could bring it).
import assert from "node:assert/strict";
import { putConfig, state } from "./helpers/api.ts";
import { CHROMIUM, chromiumInstalled } from "./helpers/dashboard.ts";
import { evaluateFlag, ofrepWorld } from "./helpers/ofrep.ts";
import { openWebPage } from "./helpers/ofrep_web.ts";
import type { OfrepPage } from "./helpers/ofrep_web_page.ts";
import { sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";
import { waitFor } from "./helpers/wait.ts";

type Details = { value: unknown; variant?: string; reason?: string; errorCode?: string };
// Runs in the page, so each call spells the lookup out (a closure would not cross over).
type InPage = { ofrepPage: OfrepPage };

const haveChromium = chromiumInstalled();

Deno.test({
  name: haveChromium
    ? "@openfeature/ofrep-web-provider in Chromium: values, targeting, live updates over SSE"
    : `@openfeature/ofrep-web-provider in Chromium SKIPPED: ${CHROMIUM} is missing`,
  ignore: !haveChromium && Deno.env.get("CI") !== "true",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    if (!haveChromium) throw new Error(`${CHROMIUM} is required when CI=true`);
    const server = await startTestServer();
    const web = await openWebPage();
    const { page } = web;
    const requests: string[] = [];
    page.on("request", (r) => requests.push(`${r.method()} ${r.url()}`));
    try {
      const w = await ofrepWorld(server.su);
      await sync(server);
      const start = (domain: string, key: string, context: Record<string, unknown>) =>
        page.evaluate(
          ([d, b, k, c]) =>
            (globalThis as unknown as InPage).ofrepPage.start(d, b, k, c as Record<string, string>),
          [domain, server.url, key, context] as const,
        );
      const details = (domain: string, kind: string, flag: string, fallback: unknown) =>
        page.evaluate(
          ([d, k, f, x]) =>
            (globalThis as unknown as InPage).ofrepPage.details(
              d,
              k as "boolean",
              f,
              x,
            ) as unknown as Promise<Details>,
          [domain, kind, flag, fallback] as const,
        ) as Promise<Details>;

      const context = { targetingKey: "user-7", plan: "beta", country: "NZ" };
      assert.equal(await start("prod", w.key, context), "ready");

      await t.step("boolean, string, number and object flags, with targeting", async () => {
        const dark = await details("prod", "boolean", "dark-mode", false);
        assert.deepEqual([dark.value, dark.variant, dark.reason], [
          true,
          "beta",
          "TARGETING_MATCH",
        ]);
        assert.equal((await details("prod", "string", "greeting", "x")).value, "hello");
        assert.equal((await details("prod", "number", "max-items", 0)).value, 10);
        const theme = await details("prod", "object", "theme", {});
        assert.deepEqual(theme.value, { color: "green", size: 3 });
      });
      await t.step(
        "a rollout agrees with the server's evaluation for this targetingKey",
        async () => {
          const inPage = await details("prod", "boolean", "new-checkout", false);
          const direct = await evaluateFlag(server.url, w.key, "new-checkout", context);
          assert.equal(inPage.value, direct.body.value);
          assert.equal(inPage.reason, direct.body.reason);
        },
      );
      await t.step("a missing flag answers the code default", async () => {
        const d = await details("prod", "boolean", "no-such-flag", true);
        assert.deepEqual([d.value, d.errorCode], [true, "FLAG_NOT_FOUND"]);
      });
      await t.step("a wrong key fails the provider; the code default applies", async () => {
        const result = await start("wrong", "rp_" + "cd".repeat(40), context);
        assert.match(result, /^failed/);
        const d = await details("wrong", "boolean", "dark-mode", false);
        assert.equal(d.value, false);
        assert.equal(d.reason, "ERROR");
      });
      await t.step("it connected to the event stream and does not poll", () => {
        assert.ok(requests.some((r) => r.startsWith(`GET ${server.url}/ofrep/v1/events?`)));
        const bulks = requests.filter((r) => r.startsWith(`POST ${server.url}/ofrep/v1/`));
        assert.equal(bulks.length, 2, JSON.stringify(bulks)); // prod, wrong
      });
      await t.step("an admin API change reaches the page through the event stream", async () => {
        await putConfig(server.su, w.projectId, "greeting", state("changed live"));
        await waitFor(
          "the new value in the page",
          async () => (await details("prod", "string", "greeting", "x")).value === "changed live",
        );
        const refetch = requests.find((r) =>
          r.includes("/ofrep/v1/evaluate/flags?flagConfigEtag=")
        );
        assert.ok(refetch, `the refetch came from an event: ${JSON.stringify(requests)}`);
        const changes = await page.evaluate(() =>
          (globalThis as unknown as InPage).ofrepPage.changes
        );
        assert.ok(changes.some((c) => c.includes("greeting")), JSON.stringify(changes));
      });
      await t.step("a new context with the same targetingKey is evaluated again", async () => {
        await page.evaluate(
          (c) => (globalThis as unknown as InPage).ofrepPage.setContext("prod", c),
          { ...context, plan: "free" },
        );
        const dark = await details("prod", "boolean", "dark-mode", true);
        assert.deepEqual([dark.value, dark.reason], [false, "DEFAULT"]);
      });
    } finally {
      await web.close();
      await server.stop();
    }
  },
});
