// The targeting admin API in-process: bad input answered 4xx naming the field, seeds and
// ranges kept across saves, segment history and audit, and warnings for dangling uses.
import assert from "node:assert/strict";
import type { Override } from "../src/domain/overrides.ts";
import { startTestApp, type TestApp } from "./helpers/app.ts";
import { createWorld, state, writeConfig } from "./helpers/api.ts";

const literal = (value: string | string[]) => ({ type: "literal" as const, value });
const prereq = (config: string): Override => ({
  name: `needs ${config}`,
  conditions: [{ operator: "prerequisite", config, values: [true] }],
  value: true,
});

async function withApp(fn: (app: TestApp, projectId: string) => Promise<void>) {
  const app = await startTestApp();
  try {
    const w = await createWorld(app.su);
    await fn(app, w.projectId);
  } finally {
    await app.stop();
  }
}

type Issue = { path: string; message: string };
const issuesOf = (body: Record<string, unknown>) => (body.issues ?? []) as Issue[];

Deno.test("a prerequisite cycle is a 400 naming the field and the cycle", () =>
  withApp(async ({ su }, projectId) => {
    assert.equal((await writeConfig(su, projectId, "a", state(false))).status, 201);
    assert.equal((await writeConfig(su, projectId, "b", state(false, [prereq("a")]))).status, 201);
    const r = await writeConfig(su, projectId, "a", state(false, [prereq("b")]));
    assert.equal(r.status, 400);
    assert.deepEqual(issuesOf(r.body), [{
      path: "base.overrides[0].conditions[0].config",
      message: "prerequisites form a cycle: a → b → a",
    }]);
    const self = await writeConfig(su, projectId, "c", state(false, [prereq("c")]));
    assert.equal(self.status, 400);
    assert.match(self.body.error!, /prerequisites form a cycle: c → c/);
  }));

Deno.test("a new use of an unknown segment or group is a 400 naming the field", () =>
  withApp(async ({ su }, projectId) => {
    const r = await writeConfig(
      su,
      projectId,
      "flag",
      state(false, [{
        name: "o",
        conditions: [{ operator: "not_in_segment", segment: "nobody" }],
        value: true,
      }]),
    );
    assert.equal(r.status, 400);
    assert.deepEqual(issuesOf(r.body).map((i) => i.path), [
      "base.overrides[0].conditions[0].segment",
    ]);
    assert.match(r.body.error!, /segment "nobody" names no segment of this project/);
    const g = await writeConfig(
      su,
      projectId,
      "exp",
      state("a", [{
        name: "e",
        conditions: [],
        split: {
          property: "userId",
          variants: [{ name: "a", value: "a", weight: 100 }],
          exclusion: { group: "nogroup", slice: "s" },
        },
      }]),
    );
    assert.equal(g.status, 400);
    assert.deepEqual(issuesOf(g.body).map((i) => i.path), [
      "base.overrides[0].split.exclusion.group",
    ]);
  }));

Deno.test("weights that do not add up to 100 are a 400 naming the field", () =>
  withApp(async ({ su }, projectId) => {
    const r = await writeConfig(
      su,
      projectId,
      "exp",
      state("a", [{
        name: "e",
        conditions: [],
        split: {
          property: "userId",
          variants: [{ name: "a", value: "a", weight: 60 }, { name: "b", value: "b", weight: 30 }],
        },
      }]),
    );
    assert.equal(r.status, 400);
    assert.deepEqual(issuesOf(r.body), [{
      path: "base.overrides[0].split.variants",
      message: "variants weights add up to 90; they must add up to 100",
    }]);
    const group = await su.send("POST", `/projects/${projectId}/exclusion-groups`, {
      name: "g",
      slices: [{ name: "x", weight: 70 }, { name: "y", weight: 40 }],
    });
    assert.equal(group.status, 400);
    assert.equal(issuesOf(group.body)[0]!.path, "slices");
    assert.match(
      issuesOf(group.body)[0]!.message,
      /add up to 110; they must add up to at most 100/,
    );
  }));

Deno.test("an oversized prerequisite expansion is a 400 naming the field", () =>
  withApp(async ({ su }, projectId) => {
    // c7's overrides hold 60 conditions each; a prerequisite on a level holds both overrides
    // of the level below (one of them twice), so each level triples the expansion.
    const wide = Array.from({ length: 60 }, (_, j) => ({
      operator: "equals" as const,
      property: `p${j}`,
      value: literal(String(j)),
    }));
    const level = (next: string | null): Override[] =>
      ([true, "x"] as const).map((v) => ({
        name: `serves ${v}`,
        conditions: next ? [{ operator: "prerequisite", config: next, values: [v] }] : wide,
        value: v,
      }));
    for (let i = 7; i >= 1; i--) {
      const s = state(true, level(i < 7 ? `c${i + 1}` : null));
      const r = await writeConfig(su, projectId, `c${i}`, s);
      if (r.status === 400) {
        assert.match(r.body.error!, /expands to \d+ conditions; the limit is 5000/);
        assert.equal(issuesOf(r.body)[0]!.path, "base.overrides[0].conditions[0].config");
        return;
      }
      assert.equal(r.status, 201, r.text);
    }
    assert.fail("no level was refused");
  }));

Deno.test("segments: a 400 for a prerequisite or reference inside, 409 for a taken name", () =>
  withApp(async ({ su }, projectId) => {
    const p = `/projects/${projectId}/segments`;
    const bad = await su.send("POST", p, {
      name: "s",
      conditions: [
        { operator: "prerequisite", config: "x", values: [true] },
        {
          operator: "equals",
          property: "a",
          value: { type: "reference", projectId, configName: "x", path: [] },
        },
      ],
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(issuesOf(bad.body).map((i) => i.path), ["conditions[0]", "conditions[1]"]);
    const name = await su.send("POST", p, { name: "not ok", conditions: [] });
    assert.equal(name.status, 400);
    assert.equal(issuesOf(name.body)[0]!.path, "name");
    assert.equal((await su.send("POST", p, { name: "s", conditions: [] })).status, 201);
    assert.equal((await su.send("POST", p, { name: "s", conditions: [] })).status, 409);
    assert.equal((await su.send("GET", `${p}/missing`)).status, 404);
  }));

Deno.test("a weighted rule keeps its seed, and users keep their variant when weights change", () =>
  withApp(async ({ su }, projectId) => {
    const rule = (weights: [number, number]) =>
      state("off", [{
        name: "exp",
        conditions: [],
        split: {
          property: "userId",
          variants: [
            { name: "a", value: "a", weight: weights[0] },
            { name: "b", value: "b", weight: weights[1] },
          ],
        },
      }]);
    assert.equal((await writeConfig(su, projectId, "exp", rule([50, 50]))).status, 201);
    const first = await su.ok("GET", `/projects/${projectId}/configs/exp`);
    const split1 = (first.body.base as { overrides: { split: Record<string, unknown> }[] })
      .overrides[0]!.split;
    assert.equal(typeof split1.seed, "string");
    assert.deepEqual((split1.variants as { ranges: unknown }[]).map((v) => v.ranges), [
      [[0, 50]],
      [[50, 100]],
    ]);
    // Sent without seed or ranges: both come from the stored rule of the same name.
    assert.equal((await writeConfig(su, projectId, "exp", rule([30, 70]))).status, 200);
    const second = await su.ok("GET", `/projects/${projectId}/configs/exp`);
    const split2 = (second.body.base as { overrides: { split: Record<string, unknown> }[] })
      .overrides[0]!.split;
    assert.equal(split2.seed, split1.seed);
    assert.deepEqual((split2.variants as { ranges: unknown }[]).map((v) => v.ranges), [
      [[0, 30]],
      [[30, 100]],
    ]);
  }));

Deno.test("a deleted segment leaves its users saving with a warning; history and audit are kept", () =>
  withApp(async ({ su }, projectId) => {
    const p = `/projects/${projectId}/segments`;
    await su.ok("POST", p, {
      name: "beta",
      conditions: [{ operator: "equals", property: "plan", value: literal("pro") }],
    });
    await su.ok("PUT", `${p}/beta`, {
      description: "now enterprise",
      conditions: [{ operator: "equals", property: "plan", value: literal("enterprise") }],
      baseVersion: 1,
    });
    const stale = await su.send("PUT", `${p}/beta`, { conditions: [], baseVersion: 1 });
    assert.equal(stale.status, 409);
    const uses = state(false, [{
      name: "o",
      conditions: [{ operator: "in_segment", segment: "beta" }],
      value: true,
    }]);
    assert.equal((await writeConfig(su, projectId, "flag", uses)).status, 201);
    const detail = await su.ok("GET", `${p}/beta`);
    assert.deepEqual(detail.body.usedBy, ["flag"]);
    assert.equal(detail.body.version, 2);
    const deleted = await su.send("DELETE", `${p}/beta`);
    assert.equal(deleted.status, 200);
    const again = await writeConfig(su, projectId, "flag", { ...uses, description: "edited" });
    assert.equal(again.status, 200);
    assert.deepEqual((again.body.warnings as Issue[]).map((w) => w.path), [
      "base.overrides[0].conditions[0].segment",
    ]);
    const history = await su.ok("GET", `${p}/beta/versions`);
    assert.deepEqual((history.body.versions as { version: number }[]).map((v) => v.version), [
      2,
      1,
    ]);
    const log = await su.ok("GET", `/projects/${projectId}/audit-log`);
    const actions = (log.body.entries as { action: string }[]).map((e) => e.action);
    for (const a of ["segment.create", "segment.update", "segment.delete"]) {
      assert.ok(actions.includes(a), `${a} in ${actions}`);
    }
  }));

Deno.test("the evaluate endpoint names the segment, prerequisite and variant that decided", () =>
  withApp(async ({ su }, projectId) => {
    const envs = await su.ok("GET", `/projects/${projectId}/environments`);
    const prod = (envs.body.environments as { id: string; name: string }[])
      .find((e) => e.name === "Production")!.id;
    await su.ok("POST", `/projects/${projectId}/segments`, {
      name: "beta",
      conditions: [{ operator: "equals", property: "plan", value: literal("pro") }],
    });
    const inBeta: Override = {
      name: "beta users",
      conditions: [{ operator: "in_segment", segment: "beta" }],
      value: true,
    };
    assert.equal((await writeConfig(su, projectId, "gate", state(false, [inBeta]))).status, 201);
    const exp = state("base", [{
      name: "checkout test",
      conditions: [{ operator: "prerequisite", config: "gate", values: [true] }],
      split: {
        property: "userId",
        variants: [{ name: "red", value: "red", weight: 50 }, {
          name: "blue",
          value: "blue",
          weight: 50,
        }],
      },
    }]);
    assert.equal((await writeConfig(su, projectId, "color", exp)).status, 201);
    const evaluate = (context: Record<string, string>) =>
      su.ok("POST", `/projects/${projectId}/configs/color/evaluate`, {
        environmentId: prod,
        context,
      });
    const hit = (await evaluate({ plan: "pro", userId: "u-7" })).body;
    assert.ok(hit.value === "red" || hit.value === "blue");
    assert.deepEqual(hit.decidedBy, { rule: "checkout test", ruleIndex: 0, variant: hit.value });
    const words = (hit.explanation as string[]).join("\n");
    assert.match(words, /prerequisite: config "gate" is true matched/);
    assert.match(
      words,
      new RegExp(`Variant "${hit.value}" of rule "checkout test" \\(#1\\) decided`),
    );
    const trace = hit.trace as { conditions: { source?: string }[] }[];
    assert.equal(trace[0]!.conditions[0]!.source, 'prerequisite: config "gate" is true');

    const miss = (await evaluate({ plan: "free", userId: "u-7" })).body;
    assert.equal(miss.value, "base");
    assert.equal(miss.decidedBy, null);
    assert.match((miss.explanation as string[]).at(-1)!, /No override matched/);
    const gate = await su.ok("POST", `/projects/${projectId}/configs/gate/evaluate`, {
      environmentId: prod,
      context: { plan: "pro" },
    });
    assert.match((gate.body.explanation as string[])[0]!, /in segment "beta" matched/);
  }));
