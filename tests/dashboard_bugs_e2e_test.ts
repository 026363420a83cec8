// The "Bugs found" list of issue 20, each in headless Chromium against a real server: every
// test here failed before its fix.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { apiFromPage, browserTest, firstProject } from "./helpers/dashboard.ts";

async function createConfig(page: Page, projectId: string, body: Record<string, unknown>) {
  const res = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
    description: "",
    editors: [],
    variants: [],
    ...body,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

async function newKeySnippet(page: Page, projectUrl: string, environment: string) {
  await page.goto(`${projectUrl}/sdk-keys`);
  await page.getByRole("button", { name: "New SDK key" }).first().click();
  await page.getByLabel("Name").fill("web");
  await page.getByRole("dialog").getByLabel("Environment").selectOption({ label: environment });
  await page.getByRole("button", { name: "Create key" }).click();
  const snippet = page.locator(".key-created pre.code-block");
  await snippet.filter({ hasText: "replane.connect" }).waitFor();
  return (await snippet.textContent())!;
}

/** Runs a snippet as pasted (the import pinned to the published SDK), printing `value`. */
async function runSnippet(snippet: string): Promise<unknown> {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-snippet-" });
  try {
    const file = `${dir}/snippet.ts`;
    const program = snippet.replace('"@replanejs/sdk"', '"npm:@replanejs/sdk@1.0.4"') +
      '\nconsole.log("VALUE=" + JSON.stringify(value));\nDeno.exit(0);\n';
    await Deno.writeTextFile(file, program);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--cached-only", "--no-config", file],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    const stderr = new TextDecoder().decode(out.stderr);
    assert.ok(out.success, `the snippet failed:\n${stderr}\n${program}`);
    const line = stdout.split("\n").find((l) => l.startsWith("VALUE="));
    assert.ok(line, `no value printed:\n${stdout}\n${stderr}`);
    return JSON.parse(line.slice("VALUE=".length));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

browserTest(
  "bugs 1 and 2: the SDK key snippet names a real config, its rule's context, and get() on change",
  "bug-01-02-snippet",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId, env } = await firstProject(page, h.server.url);
    const prod = env("Production");

    // No configs yet: the snippet says to create one instead of naming a config that is not there.
    const empty = await newKeySnippet(page, projectUrl, "Production");
    assert.doesNotMatch(empty, /my-config/);
    assert.match(empty, /no configs yet/i);

    // Production's own value false, a premium rule serving true.
    await createConfig(page, projectId, {
      name: "premium-checkout",
      base: { value: false, schema: null, overrides: [] },
      variants: [{
        environmentId: prod.id,
        value: false,
        schema: null,
        useBaseSchema: true,
        overrides: [{
          name: "Premium",
          conditions: [{
            operator: "equals",
            property: "plan",
            value: { type: "literal", value: "premium" },
          }],
          value: true,
        }],
      }],
    });
    const snippet = await newKeySnippet(page, projectUrl, "Production");
    await shot("bug-01-02-snippet");
    assert.doesNotMatch(snippet, /my-config/);
    assert.match(snippet, /replane\.get\("premium-checkout"\)/);
    assert.match(snippet, /plan: "premium"/, "the context holds the property the rule reads");
    const subscribe = /replane\.subscribe\([^\n]*/.exec(snippet)?.[0] ?? "";
    assert.doesNotMatch(subscribe, /\.value\b/, "not the raw base value");
    assert.match(subscribe, /replane\.get\("premium-checkout"\)/);
    // Pasted as is, it connects and reads what get() serves for that context.
    assert.equal(await runSnippet(snippet), true);
  },
);

browserTest(
  "bug 7: a save error says each problem once, an import error shows no regex",
  "bug-07-errors",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl } = await firstProject(page, h.server.url);
    await page.goto(`${projectUrl}/transfer`);
    const file = {
      version: 1,
      configs: [{ name: "bad name!", description: "", value: true, schema: null, overrides: [] }],
    };
    await page.getByLabel("Export JSON").fill(JSON.stringify(file));
    await page.getByText("1 configs from").waitFor();
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    await shot("bug-07-errors");
    const text = await alert.innerText();
    assert.equal(text.split('"bad name!"').length - 1, 1, `said once: ${text}`);
    assert.doesNotMatch(text, /\^\[|\{1,100\}|name name/, `no regex, no stutter: ${text}`);
    assert.match(text, /letters, digits, hyphens or underscores/);
  },
);

browserTest(
  "bug 8: a value that breaks the schema disables Save, as a syntax error does",
  "bug-08-schema-save",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId } = await firstProject(page, h.server.url);
    await createConfig(page, projectId, {
      name: "limits",
      base: {
        value: { max: 100 },
        schema: { type: "object", properties: { max: { type: "number" } } },
        overrides: [],
      },
    });
    await page.goto(`${projectUrl}/configs/limits`);
    const editor = page.getByLabel("Base value");
    await editor.fill('{"max": "lots"}');
    await page.getByText("must be number, not string").waitFor();
    const save = page.getByRole("button", { name: "Save version 2" });
    await save.waitFor();
    await shot("bug-08-schema-save");
    assert.equal(await save.isDisabled(), true, "Save is disabled while the schema fails");
    await page.getByText("Fix the JSON errors before saving (1 editor)").waitFor();
    // Fixed again: Save comes back.
    await editor.fill('{"max": 5}');
    await page.getByText("Valid JSON, matches the schema").waitFor();
    assert.equal(await save.isDisabled(), false);
  },
);

browserTest(
  "bug 6: Text and Number configs are edited as text and as a number, not as raw JSON",
  "bug-06-typed-values",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId } = await firstProject(page, h.server.url);
    const create = async (name: string, kind: string, value: string) => {
      await page.goto(projectUrl);
      await page.getByRole("button", { name: "New config" }).first().click();
      await page.getByLabel("Name", { exact: true }).fill(name);
      await page.getByRole("radio", { name: new RegExp(`^${kind}`) }).check();
      await page.getByLabel("Value", { exact: true }).fill(value);
      await page.getByRole("button", { name: "Create config" }).click();
      await page.getByRole("heading", { name }).waitFor();
    };
    const saved = async (name: string) => {
      const res = await apiFromPage(page, "GET", `/projects/${projectId}/configs/${name}`);
      return (res.body as { base: { value: unknown } }).base.value;
    };

    await create("banner", "Text", "Free shipping over $50");
    const text = page.getByLabel("Base value");
    assert.equal(await text.inputValue(), "Free shipping over $50", "the text, not its JSON");
    await text.fill("Free shipping over $75");
    await shot("bug-06-typed-values");
    assert.equal(await page.locator(".json-problems").count(), 0, "no JSON syntax demanded");
    await page.getByRole("button", { name: "Save version 2" }).click();
    await page.getByText("Saved version 2").waitFor();
    assert.equal(await saved("banner"), "Free shipping over $75");

    await create("max-items", "Number", "10");
    const number = page.getByLabel("Base value");
    await number.fill("25");
    await page.getByRole("button", { name: "Save version 2" }).click();
    await page.getByText("Saved version 2").waitFor();
    assert.equal(await saved("max-items"), 25);
  },
);

browserTest(
  "bug 3: a rollout's generated name follows its range until the user renames it",
  "bug-03-rollout-name",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId } = await firstProject(page, h.server.url);
    await createConfig(page, projectId, {
      name: "new-search",
      base: { value: false, schema: null, overrides: [] },
    });
    await page.goto(`${projectUrl}/configs/new-search/overrides`);
    await page.getByRole("button", { name: "Add percentage rollout" }).click();
    const name = page.getByLabel("Name of override 1");
    assert.equal(await name.inputValue(), "10% rollout");
    await page.getByLabel("To percent").fill("25");
    assert.equal(await name.inputValue(), "25% rollout");
    await page.getByLabel("From percent").fill("5");
    assert.equal(await name.inputValue(), "20% rollout");
    await shot("bug-03-rollout-name");
    // Renamed by the user: the name stays.
    await name.fill("Beta testers");
    await page.getByLabel("To percent").fill("50");
    assert.equal(await name.inputValue(), "Beta testers");
  },
);

browserTest(
  "bug 9: clearing an environment's name and pressing Enter says why nothing happened",
  "bug-09-env-name",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl } = await firstProject(page, h.server.url);
    await page.goto(`${projectUrl}/environments`);
    const field = page.getByLabel("Name of Development");
    await field.fill("");
    await field.press("Enter");
    await page.getByRole("alert").filter({ hasText: "needs a name" }).waitFor({ timeout: 3000 });
    await shot("bug-09-env-name");
    assert.equal(
      await page.getByLabel("Name of Development").count(),
      1,
      "the label keeps the name",
    );
  },
);

/** At the page's width: nothing wider than the viewport, and each button matched fully inside it. */
async function fitsWidth(page: Page, buttons: string) {
  const width = page.viewportSize()!.width;
  const { scroll, outside } = await page.evaluate(({ buttons, width }) => ({
    scroll: document.documentElement.scrollWidth,
    outside: [...document.querySelectorAll<HTMLElement>(buttons)]
      .map((b) => ({ b, box: b.getBoundingClientRect() }))
      .filter(({ box }) => box.left < 0 || box.right > width + 0.5)
      .map(({ b, box }) => `${b.getAttribute("aria-label") ?? b.textContent} ${box.right}`),
  }), { buttons, width });
  assert.ok(scroll <= width, `the page scrolls sideways: ${scroll} > ${width}`);
  assert.deepEqual(outside, [], "buttons off-screen");
}

browserTest(
  "bug 4: at 390 px the override card and table actions stay on screen",
  "bug-04-narrow",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId, environments } = await firstProject(page, h.server.url);
    await createConfig(page, projectId, {
      name: "new-search",
      base: {
        value: false,
        schema: null,
        overrides: [{
          name: "Beta testers in the premium plan",
          conditions: [{
            operator: "equals",
            property: "plan",
            value: { type: "literal", value: "premium" },
          }],
          value: true,
        }],
      },
    });
    const key = await apiFromPage(page, "POST", `/projects/${projectId}/sdk-keys`, {
      name: "web-frontend-production",
      description: "The storefront",
      environmentId: environments[0]!.id,
    });
    assert.equal(key.status, 201);
    const workspaceId = /\/w\/([^/?#]+)/.exec(projectUrl)![1]!;
    const apiKey = await apiFromPage(page, "POST", `/workspaces/${workspaceId}/api-keys`, {
      name: "deploy-pipeline",
      scopes: ["config:read", "config:write"],
    });
    assert.equal(apiKey.status, 201, JSON.stringify(apiKey.body));
    await page.setViewportSize({ width: 390, height: 844 });

    await page.goto(`${projectUrl}/configs/new-search/overrides`);
    await page.getByLabel("Name of override 1").waitFor();
    await shot("bug-04-narrow-override");
    await fitsWidth(page, ".override-head button");

    await page.goto(`${projectUrl}/sdk-keys`);
    await page.getByText("web-frontend-production").waitFor();
    await shot("bug-04-narrow-sdk-keys");
    await fitsWidth(page, ".table .actions button");

    await page.goto(`${h.server.url}/w/${workspaceId}/api-keys`);
    await page.getByText("deploy-pipeline").waitFor();
    await fitsWidth(page, ".table .actions button");
  },
);

browserTest(
  'bug 10: unknown addresses say "Page not found" where they are instead of redirecting',
  "bug-10-not-found",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId } = await firstProject(page, h.server.url);
    await createConfig(page, projectId, {
      name: "checkout",
      base: { value: true, schema: null, overrides: [] },
    });
    const workspaceUrl = /^.*\/w\/[^/]+/.exec(projectUrl)![0];
    const unknownId = "00000000-0000-4000-8000-000000000000";
    const notFound = async (url: string, says?: RegExp) => {
      await page.goto(url);
      const heading = page.getByRole("heading", { name: "Page not found" });
      await heading.waitFor();
      assert.equal(page.url(), url, "the address stays");
      if (says) assert.match(await page.locator("main").innerText(), says);
    };
    await notFound(`${h.server.url}/nonsense`);
    await notFound(`${h.server.url}/w`);
    await notFound(`${h.server.url}/w/${unknownId}`, /no workspace at this address/);
    await notFound(`${workspaceUrl}/p/${unknownId}`, /no project at this address/);
    await notFound(`${workspaceUrl}/p/not-an-id/configs/checkout`, /no project at this address/);
    await notFound(`${projectUrl}/configs/no-such-config`, /no config named no-such-config/);
    await shot("bug-10-not-found");
    await notFound(`${projectUrl}/configs/checkout/no-such-tab`);
    await notFound(`${projectUrl}/no-such-section`);

    // An environment id that is not the project's: said, not silently swapped.
    await page.goto(`${projectUrl}?env=${unknownId}`);
    await page.getByText("names an environment that is not in this project").waitFor();
    await page.goto(`${projectUrl}/configs/checkout?scope=${unknownId}`);
    await page.getByText("names an environment that is not in this project").waitFor();
    assert.equal(page.url(), `${projectUrl}/configs/checkout?scope=${unknownId}`);
  },
);

browserTest(
  "bug 11: unsaved edits open, a save in another tab shows the conflict banner before Save",
  "bug-11-newer-version",
  async (h) => {
    const { page, shot } = h;
    const { projectUrl, projectId } = await firstProject(page, h.server.url);
    await createConfig(page, projectId, {
      name: "banner-text",
      base: { value: "Free shipping over $50", schema: null, overrides: [] },
    });
    await page.goto(`${projectUrl}/configs/banner-text`);
    await page.getByLabel("Base value").fill("Free shipping over $60");
    await page.getByText("You have unsaved changes.").waitFor();
    // This tab's timers stop, as a background tab's do: its poll cannot find the other tab's
    // save, only being told of it can.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setVirtualTimePolicy", { policy: "pause" });

    const other = await page.context().newPage();
    await other.goto(`${projectUrl}/configs/banner-text`);
    await other.getByLabel("Base value").fill("Free shipping over $75");
    await other.getByRole("button", { name: "Save version 2" }).click();
    await other.getByText("Saved version 2").waitFor();

    const banner = page.getByRole("alert").filter({ hasText: "Someone else saved version 2" });
    await banner.waitFor();
    assert.doesNotMatch(await banner.innerText(), /Not saved/, "told before pressing Save");
    assert.equal(await page.getByLabel("Base value").inputValue(), "Free shipping over $60");
    await banner.getByRole("button", { name: "Discard mine, load version 2" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Save version 2" }).count(), 0);
    await cdp.send("Emulation.setVirtualTimePolicy", { policy: "advance" });
    await shot("bug-11-newer-version");
  },
);
