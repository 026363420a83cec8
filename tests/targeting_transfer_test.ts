// Export and import with targeting: Dialtone's format carries segments, groups and the stored
// rules (seeds and ranges too, so users keep their buckets); Replane's format carries the
// compiled overrides, which evaluate the same in a project that has no segments at all.
import assert from "node:assert/strict";
import type { Override } from "../src/domain/overrides.ts";
import { startTestApp } from "./helpers/app.ts";
import { type Api, createWorld, putConfig, state, type World } from "./helpers/api.ts";

const literal = (value: string | string[]) => ({ type: "literal" as const, value });

async function seed(su: Api, w: World) {
  const p = `/projects/${w.projectId}`;
  await su.ok("POST", `${p}/segments`, {
    name: "pros",
    conditions: [{ operator: "in", property: "plan", value: literal(["pro", "team"]) }],
  });
  await su.ok("POST", `${p}/exclusion-groups`, {
    name: "tests",
    slices: [{ name: "one", weight: 40 }, { name: "two", weight: 40 }],
  });
  await putConfig(
    su,
    w.projectId,
    "gate",
    state(false, [{
      name: "pros",
      conditions: [{ operator: "in_segment", segment: "pros" }],
      value: true,
    }]),
  );
  const rule: Override = {
    name: "exp",
    conditions: [{ operator: "prerequisite", config: "gate", values: [true] }],
    split: {
      property: "userId",
      variants: [
        { name: "a", value: "a", weight: 30 },
        { name: "b", value: "b", weight: 70 },
      ],
      exclusion: { group: "tests", slice: "one" },
    },
  };
  await putConfig(su, w.projectId, "exp", state("base", [rule]));
}

const contexts = Array.from({ length: 200 }, (_, i) => ({
  userId: `user-${i}`,
  plan: ["pro", "free", "team"][i % 3]!,
}));

async function values(su: Api, w: World, name: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const context of contexts) {
    const r = await su.ok("POST", `/projects/${w.projectId}/configs/${name}/evaluate`, {
      environmentId: w.env.Production,
      context,
    });
    out.push(r.body.value);
  }
  return out;
}

Deno.test("Dialtone's export round-trips segments, groups and buckets; Replane's is compiled", async () => {
  const app = await startTestApp();
  try {
    const source = await createWorld(app.su);
    await seed(app.su, source);
    const expected = await values(app.su, source, "exp");
    assert.ok(new Set(expected).size === 3, `varied values: ${expected}`);

    const doc = (await app.su.ok("GET", `/projects/${source.projectId}/export`)).body;
    assert.deepEqual((doc.segments as { name: string }[]).map((s) => s.name), ["pros"]);
    assert.equal((doc.exclusionGroups as { seed: string }[])[0]!.seed.length > 0, true);
    const copy = await createWorld(app.su);
    const imported = await app.su.ok("POST", `/projects/${copy.projectId}/import`, { data: doc });
    assert.deepEqual(imported.body.targets, {
      created: ["segment pros", "exclusion group tests"],
      replaced: [],
      skipped: [],
    });
    assert.deepEqual(await values(app.su, copy, "exp"), expected);

    const replane = (await app.su.ok("GET", `/projects/${source.projectId}/export?format=replane`))
      .body;
    assert.equal(replane.segments, undefined);
    const text = JSON.stringify(replane);
    for (const op of ["in_segment", "prerequisite", '"split"']) assert.ok(!text.includes(op), op);
    const exp = (replane.configs as { name: string; value: unknown }[]).find((c) =>
      c.name === "exp"
    )!;
    assert.equal(exp.value, '"base"', "values are JSON text, as Replane writes them");
    const bare = await createWorld(app.su);
    await app.su.ok("POST", `/projects/${bare.projectId}/import`, { data: replane });
    assert.deepEqual(await values(app.su, bare, "exp"), expected);
  } finally {
    await app.stop();
  }
});

Deno.test("an import refuses a prerequisite cycle among its configs, naming the field", async () => {
  const app = await startTestApp();
  try {
    const w = await createWorld(app.su);
    const needs = (other: string) => ({
      name: other === "b" ? "a" : "b",
      value: false,
      overrides: [{
        name: "o",
        conditions: [{ operator: "prerequisite", config: other, values: [true] }],
        value: true,
      }],
    });
    const r = await app.su.send("POST", `/projects/${w.projectId}/import`, {
      data: { encoding: "json", configs: [needs("b"), needs("a")] },
    });
    assert.equal(r.status, 400);
    const issues = r.body.issues as { path: string; message: string }[];
    assert.equal(issues[0]!.path, "data.configs[0].base.overrides[0].conditions[0].config");
    assert.match(issues[0]!.message, /cycle: a → b → a/);
  } finally {
    await app.stop();
  }
});
