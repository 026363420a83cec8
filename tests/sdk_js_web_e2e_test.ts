// Dialtone's web provider (sdk/js) with the stock @openfeature/web-sdk in headless Chromium, on
// a page of another origin: ready with the page's static context, details equal to the
// server's OFREP, a context change evaluated locally, a live change arriving as
// CONFIGURATION_CHANGED with its key, and the snapshot kept in localStorage.
import assert from "node:assert/strict";
import { putConfig, state } from "./helpers/api.ts";
import { CHROMIUM, chromiumInstalled } from "./helpers/dashboard.ts";
import { evaluateFlag, ofrepWorld } from "./helpers/ofrep.ts";
import { openWebPage } from "./helpers/ofrep_web.ts";
import type { DialtonePage } from "./helpers/sdk_js_web_page.ts";
import { sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";
import { waitFor } from "./helpers/wait.ts";

type Details = { value: unknown; variant?: string; reason?: string; errorCode?: string };
type InPage = { dialtonePage: DialtonePage };

const haveChromium = chromiumInstalled();

Deno.test({
  name: haveChromium
    ? "Dialtone web provider in Chromium: static context, OFREP's details, live changes"
    : `Dialtone web provider in Chromium SKIPPED: ${CHROMIUM} is missing`,
  ignore: !haveChromium && Deno.env.get("CI") !== "true",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    if (!haveChromium) throw new Error(`${CHROMIUM} is required when CI=true`);
    const server = await startTestServer();
    const web = await openWebPage("tests/helpers/sdk_js_web_page.ts", "dialtonePage");
    const { page } = web;
    try {
      const w = await ofrepWorld(server.su);
      await sync(server);
      const details = (kind: string, flag: string, fallback: unknown) =>
        page.evaluate(
          ([k, f, x]) =>
            (globalThis as unknown as InPage).dialtonePage.details(k as "boolean", f, x),
          [kind, flag, fallback] as const,
        ) as Promise<Details>;
      const events = () =>
        page.evaluate(() => (globalThis as unknown as InPage).dialtonePage.events);

      const context = { targetingKey: "user-7", plan: "beta", country: "NZ" };
      const started = await page.evaluate(
        ([b, k, c]) => (globalThis as unknown as InPage).dialtonePage.start(b, k, c),
        [server.url, w.key, context] as const,
      );
      assert.equal(started, "ready");

      for (
        const [kind, flag, fallback] of [
          ["boolean", "dark-mode", false],
          ["string", "greeting", ""],
          ["number", "max-items", 0],
          ["object", "theme", {}],
        ] as const
      ) {
        const got = await details(kind, flag, fallback);
        const ofrep = await evaluateFlag(server.url, w.key, flag, context);
        assert.deepEqual(
          [got.value, got.variant, got.reason],
          [ofrep.body.value, ofrep.body.variant, ofrep.body.reason],
          flag,
        );
      }

      await page.evaluate(() =>
        (globalThis as unknown as InPage).dialtonePage.setContext({
          targetingKey: "user-7",
          plan: "free",
        })
      );
      const free = await details("boolean", "dark-mode", true);
      assert.deepEqual([free.value, free.variant, free.reason], [false, "default", "DEFAULT"]);

      await putConfig(server.su, w.projectId, "greeting", state("kia ora"));
      await waitFor(
        "CONFIGURATION_CHANGED",
        async () =>
          (await events()).some((e) =>
            e.type === "PROVIDER_CONFIGURATION_CHANGED" && e.flagsChanged?.[0] === "greeting"
          ),
      );
      assert.equal((await details("string", "greeting", "")).value, "kia ora");

      // Written shortly after each change.
      await waitFor("the snapshot in localStorage", async () => {
        const text = await page.evaluate(() =>
          (globalThis as unknown as InPage).dialtonePage.snapshot()
        );
        return (text ?? "").includes("kia ora");
      });
    } finally {
      await web.close();
      await server.stop();
    }
  },
});
