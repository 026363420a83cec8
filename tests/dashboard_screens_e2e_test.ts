// The dashboard's management screens in headless Chromium: members and roles, an admin API
// key that then works, environments, config validation (syntax, schema, the server's own
// issues), a nested override with a reference, export and import, and signing in again.
// Screenshots go to test-output/.
import assert from "node:assert/strict";
import { browserTest, eventually, firstRun, projectIdOf } from "./helpers/dashboard.ts";

browserTest(
  "dashboard: members, API keys, environments, validation, nested overrides, import",
  "screens",
  async (h) => {
    const { page, shot } = h;
    await firstRun(page, h.server.url);
    const projectUrl = page.url();
    const projectId = await projectIdOf(page, projectUrl);

    // Workspace members (reached from the project's one Members page): add someone by email
    // before they sign up, then promote them.
    await page.getByRole("link", { name: "Members", exact: true }).click();
    await page.getByRole("link", { name: "Manage in workspace members" }).click();
    await page.getByRole("heading", { name: "Workspace members" }).waitFor();
    await page.getByLabel("Email").fill("bob@example.com");
    await page.getByRole("button", { name: "Add member" }).click();
    await page.getByRole("cell", { name: "bob@example.com" }).waitFor();
    await page.getByLabel("Role of bob@example.com").selectOption("admin");
    await page.getByText("bob@example.com is now admin").waitFor();
    await shot("20-workspace-members");

    // An admin API key, shown once, that works with the admin API.
    await page.getByRole("link", { name: "API keys" }).click();
    await page.getByRole("button", { name: "New API key" }).first().click();
    await page.getByLabel("Name", { exact: true }).fill("ci");
    await page.getByLabel("config:write").check();
    await page.getByRole("button", { name: "Create key" }).click();
    const apiKey = (await page.getByTestId("new-api-key").textContent())!.trim();
    assert.match(apiKey, /^rpa_[0-9a-f]{80}$/);
    const viaKey = await fetch(`${h.server.url}/api/admin/v1/projects/${projectId}/configs`, {
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    assert.equal(viaKey.status, 200);
    await viaKey.body?.cancel();
    await shot("21-api-keys");

    // Environments: add Staging as a copy of Production, rename it, move it up.
    await page.goto(`${projectUrl}/environments`);
    await page.getByLabel("New environment").fill("Staging");
    await page.getByLabel("Start with the values of").selectOption({ label: "Production" });
    await page.getByRole("button", { name: "Add environment" }).click();
    await page.getByText("Created Staging").waitFor();
    await page.getByLabel("Name of Staging").fill("QA");
    await page.getByRole("button", { name: "Rename" }).click();
    await page.getByText("Renamed to QA").waitFor();
    await page.getByRole("button", { name: "Move QA up" }).click();
    const order = () =>
      page.locator(".env-row input").evaluateAll((els) =>
        els.map((e) => (e as HTMLInputElement).value).join(",")
      );
    await eventually(
      "QA to move up",
      async () => (await order()) === "Production,QA,Development",
    );
    await shot("22-environments");

    // Creating a config: a bad name is caught as you type; a JSON config gets a schema.
    await page.goto(projectUrl);
    await page.getByRole("button", { name: "New config" }).first().click();
    // Escape closes the dialog only once it is there (on a busy machine it opens a beat later).
    await page.getByRole("dialog").waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await page.getByRole("button", { name: "New config" }).first().click();
    await page.getByLabel("Name", { exact: true }).fill("bad name!");
    await page.getByText("Use 1–100 letters, digits, - or _").waitFor();
    await page.getByText("JSON", { exact: true }).click();
    await shot("23-new-config-dialog");
    await page.getByLabel("Name", { exact: true }).fill("limits");
    await page.getByLabel("Value", { exact: true }).fill('{"max": 100}');
    await page.getByRole("button", { name: "Create config" }).click();
    await page.getByRole("heading", { name: "limits" }).waitFor();

    // The value editor: a syntax error with its line, a schema error with its location,
    // and Save disabled for both.
    const editor = page.getByLabel("Base value");
    await editor.fill('{\n  "max": 100,\n}');
    await page.getByText('Expected a "quoted" property name').waitFor();
    await page.getByText("Line 3, col 1").waitFor();
    await page.getByText("Fix the JSON errors before saving").waitFor();
    await shot("24-json-syntax-error");
    await editor.fill('{\n  "max": "lots"\n}');
    await page.getByText("must be number, not string").waitFor();
    await page.getByText("Line 2, col 10").waitFor();
    // A schema error blocks Save as a syntax error does (issue 20, bug 8).
    assert.equal(await page.getByRole("button", { name: "Save version 2" }).isDisabled(), true);
    await shot("25-schema-error");
    await page.getByRole("button", { name: "Discard" }).click();
    await page.getByText("Valid JSON, matches the schema").waitFor();
    // Tabs follow the arrow keys; the schema tab shows what was inferred.
    await page.getByRole("tab", { name: "Value" }).focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.waitForURL(/\/configs\/limits\/schema$/);
    await page.getByText("The current value matches this schema.").waitFor();
    await shot("25b-schema");

    // A flag whose override nests any-of / not and references limits.max.
    await page.goto(projectUrl);
    await page.getByRole("button", { name: "New config" }).first().click();
    await page.getByLabel("Name", { exact: true }).fill("big-teams");
    await page.getByRole("button", { name: "Create config" }).click();
    await page.getByRole("tab", { name: "Overrides" }).click();
    await page.getByRole("button", { name: "Add override" }).click();
    const cond = page.locator(".override .cond").first();
    await cond.getByLabel("Context property").fill("seats");
    await cond.getByLabel("Operator").selectOption("greater_than_or_equal");
    await page.getByLabel("Advanced: compare a property with another config's value").check();
    await cond.getByLabel("Value source").selectOption("reference");
    await cond.getByLabel("Referenced config").selectOption("limits");
    await cond.getByRole("button", { name: "max" }).click();
    await cond.getByText("Path: max").waitFor();
    await page.getByLabel("Add a condition").selectOption("or");
    const group = page.locator(".cond.group").first();
    await group.getByLabel("Context property").fill("plan");
    await group.getByLabel("Expected value", { exact: true }).fill("enterprise");
    await group.getByLabel("Add a condition").selectOption("not");
    const negated = group.locator(".cond.group .cond").first();
    await negated.getByLabel("Context property").fill("country");
    await negated.getByLabel("Expected value", { exact: true }).fill("KP");
    await page.getByLabel('Value of override "Override 1"').check();
    await shot("26-override-builder-nested");
    await page.getByRole("button", { name: "Save version 2" }).click();
    await page.getByText("Saved version 2").waitFor();
    await page.getByRole("tab", { name: "Test" }).click();
    await page.getByLabel("Context (JSON object)").fill('{"seats": 150, "country": "NL"}');
    await page.getByRole("button", { name: "Evaluate" }).click();
    await page.getByText(/Matched override #1/).waitFor();
    // QA gets its own value (a copy of the base), still checked against the base schema.
    await page.getByRole("tab", { name: "Environments" }).click();
    await page.getByRole("region", { name: "QA" }).getByRole("button", { name: "Own value" })
      .click();
    await page.getByRole("region", { name: "QA" }).getByLabel("Use base schema").waitFor();
    await page.getByRole("region", { name: "QA" }).getByRole("button", { name: "Edit" }).click();
    await page.getByLabel("Value in QA").check();
    await page.getByRole("button", { name: "Save version 3" }).click();
    await page.getByText("Saved version 3").waitFor();
    await page.getByRole("tab", { name: "Environments" }).click();
    await shot("26b-environments-side-by-side");

    // Export, then import the same file: both configs exist, so both are skipped.
    await page.goto(`${projectUrl}/transfer`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download export" }).click(),
    ]);
    const exported = await Deno.readTextFile((await download.path())!);
    assert.deepEqual(JSON.parse(exported).configs.map((c: { name: string }) => c.name).sort(), [
      "big-teams",
      "limits",
    ]);
    await page.getByLabel("Export JSON").fill(exported);
    await page.getByText("2 configs from").waitFor();
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText("Created 0, replaced 0, skipped 2").waitFor();
    await shot("27-import");
    await page.goto(`${projectUrl}/settings`);
    await page.getByRole("heading", { name: "Project settings" }).waitFor();
    await shot("28-project-settings");

    // Sign out; a wrong password shows the server's message; the right one gets back in.
    await page.goto(`${h.server.url}/account`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/signin$/);
    await page.getByLabel("Email").fill("ada@example.com");
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Email or password is incorrect").waitFor();
    await shot("29-sign-in-error");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: "big-teams" }).waitFor();
    assert.equal(page.url(), projectUrl, "back to the last project");
    assert.deepEqual(h.pageErrors, []);
  },
);
