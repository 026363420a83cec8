// The Relay keys screen in headless Chromium against a real server: a project-scoped key made in
// the dialog (the key shown once reads that project's replication snapshot, and only it), an
// environment-scoped one listed by project and environment name, then both deleted (the first
// key is refused from then on).
import assert from "node:assert/strict";
import { apiFromPage, browserTest, eventually, firstRun } from "./helpers/dashboard.ts";

browserTest(
  "dashboard: relay keys scoped to a project and to environments, shown once, deleted",
  "relay-keys",
  async (h) => {
    const { page, shot } = h;
    await firstRun(page, h.server.url);
    const workspaceId = page.url().split("/w/")[1]!.split("/")[0]!;
    const made = await apiFromPage(page, "POST", `/workspaces/${workspaceId}/projects`, {
      name: "Checkout",
      description: "",
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const checkoutId = (made.body as { id: string }).id;
    const other = await apiFromPage(page, "POST", `/workspaces/${workspaceId}/projects`, {
      name: "Billing",
      description: "",
    });
    assert.equal(other.status, 201, JSON.stringify(other.body));

    await page.getByRole("link", { name: "Relay keys" }).click();
    await page.getByText("No relay keys").waitFor();
    await page.getByText("UPSTREAM_URL=").first().waitFor();

    // A project scope with nothing picked is refused in the dialog; then Checkout is picked.
    await page.getByRole("button", { name: "New relay key" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name", { exact: true }).fill("us-east relay");
    await dialog.getByLabel("Some projects").check();
    await dialog.getByRole("button", { name: "Create key" }).click();
    await dialog.getByText("Pick at least one project").waitFor();
    await dialog.getByLabel("Checkout").check();
    await shot("70-relay-key-dialog");
    await dialog.getByRole("button", { name: "Create key" }).click();
    await dialog.waitFor({ state: "detached" });

    const key = (await page.getByTestId("new-relay-key").textContent())!.trim();
    assert.match(key, /^rpr_[0-9a-f]{80}$/);
    const created = page.getByRole("region", { name: "New relay key" });
    const command = await created.locator("pre").textContent();
    assert.equal(
      command,
      `UPSTREAM_URL=${h.server.url} \\\n  UPSTREAM_KEY=${key} \\\n  dialtone serve`,
    );
    const row = page.getByTestId("relay-key").filter({ hasText: "us-east relay" });
    await row.getByText("Projects: Checkout", { exact: true }).waitFor();
    await shot("71-relay-keys");

    // The key reads the replication snapshot of Checkout only.
    const snapshot = () =>
      fetch(`${h.server.url}/api/relay/v1/snapshot`, {
        headers: { authorization: `Bearer ${key}` },
      });
    let projects: { id: string }[] = [];
    await eventually("the new relay key to reach the replica", async () => {
      const res = await snapshot();
      if (res.status !== 200) {
        await res.body?.cancel();
        return false;
      }
      projects = (await res.json()).projects;
      return true;
    });
    assert.deepEqual(projects.map((p) => p.id), [checkoutId]);

    // Shown once: put away, and not on the page after a reload either.
    await page.getByRole("button", { name: "I have saved the key" }).click();
    await page.getByTestId("new-relay-key").waitFor({ state: "detached" });
    await page.reload();
    await row.getByText("Projects: Checkout", { exact: true }).waitFor();
    assert.ok(!(await page.content()).includes(key), "the full key is on the page again");
    await row.getByText(`${key.slice(0, 8)}…${key.slice(-4)}`).waitFor();

    // An environment scope: Production of Billing.
    await page.getByRole("button", { name: "New relay key" }).first().click();
    await dialog.getByLabel("Name", { exact: true }).fill("dmz relay");
    await dialog.getByLabel("Some environments of one project").check();
    await dialog.getByLabel("Project", { exact: true }).selectOption({ label: "Billing" });
    await dialog.getByLabel("Production").check();
    await shot("72-relay-key-environments");
    await dialog.getByRole("button", { name: "Create key" }).click();
    await page.getByTestId("new-relay-key").waitFor();
    const envRow = page.getByTestId("relay-key").filter({ hasText: "dmz relay" });
    await envRow.getByText("Environments: Billing / Production", { exact: true }).waitFor();
    await page.getByRole("button", { name: "I have saved the key" }).click();

    // Delete the first key: confirmed, gone from the list, refused by the feed.
    await row.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete key" }).click();
    await row.waitFor({ state: "detached" });
    await envRow.waitFor();
    await eventually("the deleted key to be refused", async () => {
      const res = await snapshot();
      await res.body?.cancel();
      return res.status === 401;
    });
    await envRow.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete key" }).click();
    await page.getByText("No relay keys").waitFor();
    const left = await apiFromPage(page, "GET", `/workspaces/${workspaceId}/relay-keys`);
    assert.deepEqual(left.body, { relayKeys: [] });
    assert.deepEqual(h.pageErrors, []);
  },
);
