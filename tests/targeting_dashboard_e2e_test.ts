// The targeting screens in headless Chromium against a real server: a segment made in its
// editor, "in segment" and a prerequisite in the condition builder, a weighted rule with the
// live sum of its weights, an exclusion group, and the Test tab explaining the decision.
import assert from "node:assert/strict";
import { apiFromPage, browserTest, firstRun, projectIdOf } from "./helpers/dashboard.ts";

browserTest(
  "dashboard: segments, in-segment and prerequisite conditions, weights, exclusion groups",
  "targeting",
  async (h) => {
    const { page, shot } = h;
    await firstRun(page, h.server.url);
    const projectUrl = page.url();
    const projectId = await projectIdOf(page, projectUrl);

    // A segment, made in its editor.
    await page.getByRole("link", { name: "Segments" }).click();
    await page.getByText("No segments yet").waitFor();
    await page.getByRole("button", { name: "New segment" }).click();
    await page.getByLabel("Name", { exact: true }).fill("beta");
    await page.getByLabel("Description").fill("Pro customers");
    // Inside a segment, the builder offers no segments, prerequisites or references.
    const add = page.getByLabel("Add a condition");
    assert.equal(await add.locator('option[value="in_segment"]').count(), 0);
    await add.selectOption("equals");
    await page.getByLabel("Context property").fill("plan");
    await page.getByLabel("Expected value", { exact: true }).fill("pro");
    await page.getByRole("button", { name: "Create segment" }).click();
    await page.getByText("Created segment beta").waitFor();
    await page.getByRole("heading", { name: "Segment beta" }).waitFor();
    await page.getByTestId("used-by").getByText("No config uses this segment.").waitFor();
    await shot("targeting-01-segment");

    // A config whose override says "in segment beta".
    const created = await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
      name: "checkout",
      base: { value: false },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await page.goto(`${projectUrl}/configs/checkout/overrides`);
    await page.getByRole("button", { name: "Add override" }).click();
    await page.getByLabel("Name of override 1").fill("Beta users");
    await page.locator(".override .cond").first().getByLabel("Operator").selectOption(
      "in_segment",
    );
    await page.getByLabel("Segment", { exact: true }).selectOption("beta");
    await page.getByText("Pro customers").waitFor();
    await page.getByLabel('Value of override "Beta users"').check();
    await page.getByRole("button", { name: "Save version 2" }).click();
    await page.getByText("Saved version 2").waitFor();

    // The Test tab says in words which segment decided.
    await page.getByRole("tab", { name: "Test" }).click();
    await page.getByLabel("Context (JSON object)").fill('{"plan": "pro", "userId": "u1"}');
    await page.getByRole("button", { name: "Evaluate" }).click();
    const why = page.getByRole("list", { name: "Why" });
    await why.getByText('Override "Beta users" (#1) matched: in segment "beta" matched.').waitFor();
    await why.getByText('Override "Beta users" (#1) decided the value.').waitFor();
    await shot("targeting-02-tester");

    // The segment's page now lists its user.
    await page.goto(`${projectUrl}/segments/beta`);
    await page.getByTestId("used-by").getByText("checkout").waitFor();

    // An exclusion group with a live sum of its slices.
    await page.getByRole("link", { name: "Exclusion groups" }).click();
    const form = page.getByRole("form", { name: "New exclusion group" });
    await form.getByLabel("Name", { exact: true }).fill("growth");
    await form.getByLabel("Traffic of slice 1").fill("70");
    await form.getByRole("button", { name: "+ Add slice" }).click();
    await form.getByLabel("Name of slice 2").fill("pricing");
    await form.getByLabel("Traffic of slice 2").fill("40");
    await form.getByText("The slices must add up to at most 100.").waitFor();
    await form.getByLabel("Traffic of slice 2").fill("30");
    assert.equal(await form.getByLabel("Sum of slices").textContent(), "Sum: 100%");
    await form.getByRole("button", { name: "Create group" }).click();
    await page.getByText("Created exclusion group growth").waitFor();
    await page.getByRole("form", { name: "growth" }).waitFor();
    await shot("targeting-03-groups");

    // A second config: a prerequisite on checkout, and a weighted rule in the group.
    assert.equal(
      (await apiFromPage(page, "POST", `/projects/${projectId}/configs`, {
        name: "banner",
        base: { value: "none" },
      })).status,
      201,
    );
    await page.goto(`${projectUrl}/configs/banner/overrides`);
    await page.getByRole("button", { name: "Add weighted variants (A/B/n)" }).click();
    await page.getByLabel("Add a condition").selectOption("prerequisite");
    await page.getByLabel("Prerequisite config").selectOption("checkout");
    const sum = page.getByLabel("Sum of weights");
    assert.equal(await sum.textContent(), "Sum: 100%");
    await page.getByLabel("Weight of variant 1", { exact: true }).fill("60");
    assert.equal(await sum.textContent(), "Sum: 110%");
    await page.getByText("The weights must add up to 100.").waitFor();
    await page.getByLabel("Weight of variant 2", { exact: true }).fill("40");
    assert.equal(await sum.textContent(), "Sum: 100%");
    await page.getByLabel("Value of variant 1").fill('"red"');
    await page.getByLabel("Value of variant 2").fill('"blue"');
    await page.getByLabel("Exclusion group").selectOption("growth");
    await page.getByLabel("Exclusion slice").selectOption("pricing");
    await shot("targeting-04-weights");
    await page.getByRole("button", { name: "Save version 2" }).click();
    await page.getByText("Saved version 2").waitFor();

    const stored = await apiFromPage(page, "GET", `/projects/${projectId}/configs/banner`);
    const rule = (stored.body as { base: { overrides: Record<string, unknown>[] } }).base
      .overrides[0]!;
    assert.deepEqual(rule.conditions, [{
      operator: "prerequisite",
      config: "checkout",
      values: [true],
    }]);
    const split = rule.split as {
      variants: { weight: number; ranges: number[][] }[];
      exclusion: unknown;
      seed: string;
    };
    assert.deepEqual(split.variants.map((v) => v.weight), [60, 40]);
    assert.deepEqual(split.variants.map((v) => v.ranges), [[[0, 60]], [[60, 100]]]);
    assert.deepEqual(split.exclusion, { group: "growth", slice: "pricing" });
    assert.ok(split.seed.length > 0);
    assert.deepEqual(h.pageErrors, []);
  },
);
