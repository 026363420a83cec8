// For the dashboard end-to-end test: a fresh build of ui/, a real server in-process, and
// Debian's headless Chromium driven by playwright-core (never a downloaded browser).
import assert from "node:assert/strict";
import { type Browser, chromium, type Page } from "playwright-core";
import { buildUi } from "../../scripts/build_ui.ts";
import { loadConfig } from "../../src/config/config.ts";
import { silentLogger } from "../../src/log.ts";
import { type RunningServer, startServer } from "../../src/server.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const SHOTS_DIR = new URL("../../test-output/", import.meta.url).pathname;

export function chromiumInstalled(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
}

export type Harness = {
  server: RunningServer;
  browser: Browser;
  page: Page;
  /** Screenshot to test-output/<name>.png: the full page, or only the viewport (a tall page). */
  shot(name: string, o?: { fullPage: boolean }): Promise<void>;
  /** Uncaught errors and CSP violations in the page; the tests expect none. */
  pageErrors: string[];
  close(): Promise<void>;
};

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const { outDir } = await buildUi();
  const dir = await Deno.makeTempDir({ prefix: "dialtone-e2e-" });
  const loaded = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dir,
    TESTING_MODE: "true",
    ...env,
  });
  if (!loaded.ok) throw new Error(loaded.problems.join("; "));
  const server = await startServer(loaded.config, silentLogger, { distDir: outDir });
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
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    colorScheme: "light",
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  // Failed requests (a 409 on purpose) are logged as errors too; CSP violations are bugs.
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
  });
  await Deno.mkdir(SHOTS_DIR, { recursive: true });
  return {
    server,
    browser,
    page,
    pageErrors,
    shot: async (name, o = { fullPage: true }) => {
      await page.screenshot({ path: `${SHOTS_DIR}${name}.png`, fullPage: o.fullPage });
    },
    close: async () => {
      await browser.close();
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/**
 * A Deno.test driving the dashboard in Chromium: skipped (saying so) without /usr/bin/chromium,
 * unless CI=true, where a missing browser fails. `fn` gets a fresh harness; a failure saves
 * test-output/failure-<shot>.png before the harness closes.
 */
export function browserTest(
  name: string,
  shot: string,
  fn: (h: Harness) => Promise<void>,
  env: Record<string, string> = {},
) {
  const haveChromium = chromiumInstalled();
  Deno.test({
    name: haveChromium
      ? name
      : `${name} SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium)`,
    ignore: !haveChromium && Deno.env.get("CI") !== "true",
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      if (!haveChromium) throw new Error(`${CHROMIUM} is required when CI=true`);
      const h = await startHarness(env);
      try {
        await fn(h);
      } catch (error) {
        await h.shot(`failure-${shot}`).catch(() => {});
        throw error;
      } finally {
        await h.close();
      }
    },
  });
}

export { waitFor as eventually } from "./wait.ts";

/** An admin API call made from the page, with its session cookie and CSRF token. */
export async function apiFromPage(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  return await page.evaluate(async ({ method, path, body }) => {
    const me = await (await fetch("/api/admin/v1/auth/me")).json();
    const res = await fetch(`/api/admin/v1${path}`, {
      method,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": me.csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }, { method, path, body });
}

/** The first-run screen: creates the admin account and waits for the first project. */
export async function firstRun(page: Page, url: string, email = "ada@example.com") {
  await page.goto(url);
  await page.waitForURL(/\/setup$/);
  await page.getByLabel("Name").fill("Ada Lovelace");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByText("No configs yet").waitFor();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id of the project a dashboard address names (`/w/<workspace>/p/<name>/…`, or an id in
 * older addresses), looked up by name through the admin API. The page's address by default.
 */
export async function projectIdOf(page: Page, url = page.url()): Promise<string> {
  const m = /^\/w\/([^/]+)\/p\/([^/]+)/.exec(new URL(url).pathname);
  if (!m) throw new Error(`${url} is not a project's address`);
  const segment = decodeURIComponent(m[2]!);
  if (UUID.test(segment)) return segment;
  const res = await apiFromPage(page, "GET", `/workspaces/${m[1]}/projects`);
  const list = (res.body as { projects?: { id: string; name: string }[] }).projects ?? [];
  const found = list.find((p) => p.name === segment);
  if (!found) throw new Error(`No project named "${segment}" (${res.status}) for ${url}`);
  return found.id;
}

export type Env = { id: string; name: string };

/**
 * The first-run screen, then what tests need of the first project: its address and id, its
 * environments, and `env(name)` that finds one by name (or throws).
 */
export async function firstProject(page: Page, url: string, email?: string) {
  await firstRun(page, url, email);
  const projectUrl = page.url();
  const projectId = await projectIdOf(page, projectUrl);
  const res = await apiFromPage(page, "GET", `/projects/${projectId}/environments`);
  const environments = (res.body as { environments: Env[] }).environments;
  const env = (name: string): Env => {
    const found = environments.find((e) => e.name === name);
    if (!found) throw new Error(`No environment named ${name} in ${projectUrl}`);
    return found;
  };
  return { projectUrl, projectId, environments, env };
}

/** At the page's width nothing is wider than the viewport. */
export async function fitsWidth(page: Page) {
  const width = page.viewportSize()!.width;
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= width, `the page scrolls sideways: ${scroll} > ${width}`);
}
