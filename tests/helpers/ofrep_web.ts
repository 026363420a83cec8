// For the web-provider test: ofrep_web_page.ts bundled with esbuild (as scripts/build_ui.ts
// bundles the dashboard), served by a tiny page server on its own port, so every call the
// provider makes to Dialtone is cross-origin, as it is for a real app; and Debian's Chromium.
import * as esbuild from "esbuild";
import { type Browser, chromium, type Page } from "playwright-core";
import { CHROMIUM } from "./dashboard.ts";

const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

/** Bundles a page script (a path from the repository root) for the browser. */
export async function bundlePage(entry = "tests/helpers/ofrep_web_page.ts"): Promise<string> {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [`${ROOT}/${entry}`],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["es2022"],
    nodePaths: [`${ROOT}/node_modules`],
    write: false,
    logLevel: "silent",
  });
  await esbuild.stop();
  return result.outputFiles[0]!.text;
}

export type WebPage = { url: string; browser: Browser; page: Page; close(): Promise<void> };

/**
 * Serves the bundle of `entry` on a page of its own origin and opens it in Chromium, once the
 * script has set `globalThis[ready]`.
 */
export async function openWebPage(
  entry?: string,
  ready = "ofrepPage",
): Promise<WebPage> {
  const script = await bundlePage(entry);
  const html = `<!doctype html><meta charset="utf-8"><title>OFREP web</title>` +
    `<script type="module" src="/app.js"></script><p>OFREP web provider test page</p>`;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/app.js") {
      return new Response(script, { headers: { "Content-Type": "text/javascript" } });
    }
    return new Response(html, { headers: { "Content-Type": "text/html" } });
  });
  const url = `http://127.0.0.1:${server.addr.port}/`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(url);
    await page.waitForFunction((name) => name in globalThis, ready);
    return {
      url,
      browser,
      page,
      close: async () => {
        await browser.close();
        await server.shutdown();
      },
    };
  } catch (error) {
    await browser.close();
    await server.shutdown();
    throw error;
  }
}
