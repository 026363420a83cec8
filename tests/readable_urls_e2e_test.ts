// Readable dashboard addresses in headless Chromium (issue 20): a project's address carries its
// name, old addresses with its id still open and are replaced by the readable one, a rename
// moves the address, and a name that no project has is "Page not found".
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { apiFromPage, browserTest, firstRun, projectIdOf } from "./helpers/dashboard.ts";

const pathOf = (page: Page) => {
  const u = new URL(page.url());
  return u.pathname + u.search;
};

async function waitForPath(page: Page, path: string) {
  await page.waitForURL((u) => u.pathname + u.search === path);
}

async function createProject(page: Page, workspaceId: string, name: string): Promise<string> {
  const res = await apiFromPage(page, "POST", `/workspaces/${workspaceId}/projects`, { name });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return (res.body as { id: string }).id;
}

browserTest("dashboard: readable project addresses", "readable-urls", async (h) => {
  const { page, shot } = h;
  await firstRun(page, h.server.url);
  const ws = /^\/w\/([^/]+)\//.exec(new URL(page.url()).pathname)![1]!;
  assert.equal(pathOf(page), `/w/${ws}/p/My%20project`, "the first project, by name");
  const firstId = await projectIdOf(page);

  // A new project, made in the dashboard: the address names it, and so do its sections.
  await page.getByRole("link", { name: "Projects" }).click();
  await page.getByRole("button", { name: "New project" }).first().click();
  await page.getByLabel("Name").fill("Checkout");
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByText("No configs yet").waitFor();
  await waitForPath(page, `/w/${ws}/p/Checkout`);
  const checkoutId = await projectIdOf(page);
  assert.notEqual(checkoutId, firstId);
  await page.getByRole("link", { name: "Environments" }).click();
  await page.getByRole("heading", { name: "Environments", exact: true }).waitFor();
  assert.equal(pathOf(page), `/w/${ws}/p/Checkout/environments`);
  await page.getByRole("link", { name: "Configs" }).click();
  await page.getByRole("button", { name: "New config" }).first().click();
  await page.getByLabel("Name", { exact: true }).fill("banner");
  await page.getByRole("button", { name: "Create config" }).click();
  await page.getByRole("heading", { name: "banner" }).waitFor();
  assert.match(pathOf(page), new RegExp(`^/w/${ws}/p/Checkout/configs/banner(/|\\?|$)`));
  await shot("readable-urls-1-config");

  // The project switcher goes to the other project's readable address.
  await page.locator("#project-switch").selectOption({ label: "My project" });
  await waitForPath(page, `/w/${ws}/p/My%20project`);
  await page.getByText("No configs yet").waitFor();

  // An old address with the project's id opens the page, loads the project once, and is
  // replaced (not pushed) by the readable one, keeping the section and the query.
  const envs = await apiFromPage(page, "GET", `/projects/${checkoutId}/environments`);
  const prod = (envs.body as { environments: { id: string; name: string }[] }).environments
    .find((e) => e.name === "Production")!;
  const byId: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === `/api/admin/v1/projects/${checkoutId}`) byId.push(r.url());
  });
  await page.goto(`${h.server.url}/w/${ws}/p/${checkoutId}/configs/banner?env=${prod.id}`);
  await page.getByRole("heading", { name: "banner" }).waitFor();
  await waitForPath(page, `/w/${ws}/p/Checkout/configs/banner?env=${prod.id}`);
  const historyLength = await page.evaluate(() => history.length);
  await page.getByRole("link", { name: "SDK keys" }).click();
  await page.getByRole("heading", { name: "SDK keys", exact: true }).waitFor();
  assert.equal(pathOf(page), `/w/${ws}/p/Checkout/sdk-keys`);
  assert.equal(byId.length, 1, `the project is loaded once: ${byId.join(", ")}`);
  await page.goBack();
  await waitForPath(page, `/w/${ws}/p/Checkout/configs/banner?env=${prod.id}`);
  assert.equal(await page.evaluate(() => history.length), historyLength + 1);

  // Spaces, a slash, a percent sign and other scripts: encoded in the address, and the
  // address opens the project when loaded afresh.
  const odd = "Web shop / Ünïcode 日本 50%";
  const oddId = await createProject(page, ws, odd);
  await page.goto(`${h.server.url}/w/${ws}`);
  await page.getByRole("link", { name: odd }).click();
  await page.getByText("No configs yet").waitFor();
  const oddPath = `/w/${ws}/p/${encodeURIComponent(odd)}`;
  assert.equal(pathOf(page), oddPath);
  assert.equal(await projectIdOf(page), oddId);
  await page.reload();
  await page.getByText("No configs yet").waitFor();
  assert.equal(await page.locator("#project-switch option:checked").textContent(), odd);
  await page.getByRole("link", { name: "Project settings" }).click();
  await page.getByRole("heading", { name: "Project settings", exact: true }).waitFor();
  assert.equal(pathOf(page), `${oddPath}/settings`);
  await shot("readable-urls-2-unicode");

  // A name shaped like an id would be read as one: such a project keeps its id in addresses.
  const idLike = "6f0c9a8e-1d2b-4c3a-9e8f-7a6b5c4d3e2f";
  const idLikeId = await createProject(page, ws, idLike);
  await page.goto(`${h.server.url}/w/${ws}`);
  await page.getByRole("link", { name: idLike }).click();
  await page.getByText("No configs yet").waitFor();
  assert.equal(pathOf(page), `/w/${ws}/p/${idLikeId}`);

  // Renaming moves the address to the new name, and the sections follow.
  await page.goto(`${h.server.url}/w/${ws}/p/Checkout/settings`);
  await page.getByRole("heading", { name: "Project settings", exact: true }).waitFor();
  await page.getByLabel("Name").fill("Checkout EU");
  await page.getByRole("button", { name: "Save" }).first().click();
  await page.getByText("Project saved").waitFor();
  await waitForPath(page, `/w/${ws}/p/Checkout%20EU/settings`);
  assert.equal(
    await page.getByRole("link", { name: "Environments" }).getAttribute("href"),
    `/w/${ws}/p/Checkout%20EU/environments`,
  );
  assert.equal(await page.locator("#project-switch option:checked").textContent(), "Checkout EU");
  await shot("readable-urls-3-renamed");

  // The old name names nothing now: Page not found, with the way back to the projects.
  const notFound = async (path: string, says = /no project at this address/) => {
    await page.goto(`${h.server.url}${path}`);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    assert.equal(pathOf(page), path, "the address stays");
    assert.match(await page.locator("main").innerText(), says);
  };
  await notFound(`/w/${ws}/p/Checkout/configs/banner`);
  await shot("readable-urls-4-old-name");
  await notFound(`/w/${ws}/p/No%20such%20project`);
  await notFound(`/w/${ws}/p/checkout%20eu`); // names are matched exactly
  await page.getByRole("link", { name: "Back to the projects" }).click();
  await waitForPath(page, `/w/${ws}`);
  await page.getByRole("heading", { name: "Projects", exact: true }).waitFor();
  await notFound(`/w/${ws}/p/%E0%A4%A`, /nothing at this address/); // a broken escape

  // "/" goes back to the last project even after a rename (it is remembered by id).
  await page.goto(`${h.server.url}/w/${ws}/p/Checkout%20EU`);
  await page.getByRole("link", { name: "banner" }).first().waitFor();
  const renamed = await apiFromPage(page, "PATCH", `/projects/${checkoutId}`, { name: "Tills" });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  await page.goto(`${h.server.url}/`);
  await waitForPath(page, `/w/${ws}/p/Tills`);
  assert.deepEqual(h.pageErrors, []);
});
