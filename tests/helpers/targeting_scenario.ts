// One end-to-end targeting story through the admin API and the published SDK, run against an
// embedded server (tests/targeting_e2e_test.ts) and across two Postgres instances
// (tests/targeting_pg_test.ts): the writer and the reader may be different instances.
import assert from "node:assert/strict";
import type { Replane } from "@replanejs/sdk";
import type { Api } from "./api.ts";
import { createSdkKey, createWorld, putConfig, state } from "./api.ts";
import { connectSdk } from "./sdk.ts";
import { eventually } from "./wait.ts";

const literal = (value: string | string[]) => ({ type: "literal" as const, value });

export async function targetingScenario(
  writer: Api,
  readerUrl: string,
  step: (name: string, fn: () => Promise<void>) => Promise<unknown>,
) {
  const w = await createWorld(writer);
  const p = `/projects/${w.projectId}`;
  const { key } = await createSdkKey(writer, w.projectId, w.env.Production!);
  await writer.ok("POST", `${p}/segments`, {
    name: "beta-testers",
    description: "Paying customers in Germany",
    conditions: [
      { operator: "in", property: "plan", value: literal(["pro", "enterprise"]) },
      { operator: "equals", property: "country", value: literal("DE") },
    ],
  });
  await putConfig(
    writer,
    w.projectId,
    "new-checkout",
    state(false, [{
      name: "beta",
      conditions: [{ operator: "in_segment", segment: "beta-testers" }],
      value: true,
    }]),
  );
  // Applies only where new-checkout is on: a prerequisite, re-rendered when the segment changes.
  await putConfig(
    writer,
    w.projectId,
    "checkout-banner",
    state("none", [{
      name: "with new checkout",
      conditions: [{ operator: "prerequisite", config: "new-checkout", values: [true] }],
      value: "shiny",
    }]),
  );
  await writer.ok("POST", `${p}/exclusion-groups`, {
    name: "growth",
    slices: [{ name: "pricing", weight: 50 }, { name: "search", weight: 50 }],
  });
  await putConfig(
    writer,
    w.projectId,
    "price-test",
    state("old", [{
      name: "price experiment",
      conditions: [],
      split: {
        property: "userId",
        variants: [{ name: "low", value: "low", weight: 50 }, {
          name: "high",
          value: "high",
          weight: 50,
        }],
        exclusion: { group: "growth", slice: "pricing" },
      },
    }]),
  );
  await putConfig(
    writer,
    w.projectId,
    "search-test",
    state("old", [{
      name: "search experiment",
      conditions: [],
      split: {
        property: "userId",
        variants: [{ name: "fast", value: "fast", weight: 100 }],
        exclusion: { group: "growth", slice: "search" },
      },
    }]),
  );

  const sdk: Replane = await connectSdk(readerUrl, key);
  const get = (name: string, context: Record<string, string>) =>
    sdk.get(name, { context: context as never });
  const proDE = { plan: "pro", country: "DE", userId: "u-1" };
  const freeDE = { plan: "free", country: "DE", userId: "u-2" };
  try {
    await step("a segment and a prerequisite on it decide for the published SDK", async () => {
      await eventually(() => {
        assert.equal(get("new-checkout", proDE), true);
        assert.equal(get("new-checkout", freeDE), false);
        assert.equal(get("checkout-banner", proDE), "shiny");
        assert.equal(get("checkout-banner", freeDE), "none");
      }, 10_000);
    });

    await step("editing the segment changes both configs for an affected context", async () => {
      const edited = await writer.ok("PUT", `${p}/segments/beta-testers`, {
        description: "Free plan in Germany",
        conditions: [
          { operator: "in", property: "plan", value: literal(["free"]) },
          { operator: "equals", property: "country", value: literal("DE") },
        ],
      });
      assert.deepEqual(edited.body.usedBy, ["new-checkout"]);
      await eventually(() => {
        assert.equal(get("new-checkout", freeDE), true);
        assert.equal(get("new-checkout", proDE), false);
        assert.equal(get("checkout-banner", freeDE), "shiny");
        assert.equal(get("checkout-banner", proDE), "none");
      }, 10_000);
    });

    await step("two experiments in one exclusion group never share a user", async () => {
      await eventually(() => assert.notEqual(get("search-test", { userId: "x" }), undefined));
      let inPricing = 0;
      let inSearch = 0;
      for (let i = 0; i < 2_000; i++) {
        const ctx = { userId: `user-${i}` };
        const pricing = get("price-test", ctx) !== "old";
        const search = get("search-test", ctx) !== "old";
        assert.ok(!(pricing && search), `user-${i} is in both experiments`);
        if (pricing) inPricing++;
        if (search) inSearch++;
      }
      assert.ok(inPricing > 800 && inSearch > 800, `${inPricing} / ${inSearch}`);
    });

    await step(
      "deleting a segment in use is accepted with a warning; its users stop matching",
      async () => {
        const deleted = await writer.send("DELETE", `${p}/segments/beta-testers`);
        assert.equal(deleted.status, 200);
        const warnings = deleted.body.warnings as { message: string }[];
        assert.match(warnings[0]!.message, /config "new-checkout" uses segment "beta-testers"/);
        await eventually(() => {
          assert.equal(get("new-checkout", freeDE), false);
          assert.equal(get("checkout-banner", freeDE), "none");
        }, 10_000);
      },
    );
  } finally {
    sdk.disconnect();
  }
}
