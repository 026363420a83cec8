import assert from "node:assert/strict";
import type { Condition, Override } from "../domain/overrides.ts";
import type { FeedConfig } from "../store/changes.ts";
import { bodyFor, dependencies, renderJson, renderWire } from "./render.ts";

const P = "project-1";
const ref = (configName: string, path: (string | number)[] = [], projectId = P) => ({
  type: "reference" as const,
  projectId,
  configName,
  path,
});
const override = (conditions: Condition[]): Override => ({ name: "o", conditions, value: true });

function config(
  name: string,
  value: FeedConfig["value"],
  extra: Partial<FeedConfig> = {},
): FeedConfig {
  return { id: `id-${name}`, projectId: P, name, value, overrides: [], variants: [], ...extra };
}

Deno.test("bodyFor() picks the environment's variant, else the base", () => {
  const c = config("a", 1, {
    variants: [{ environmentId: "dev", value: 2, overrides: [] }],
  });
  assert.equal(bodyFor(c, "dev").value, 2);
  assert.equal(bodyFor(c, "prod").value, 1);
});

Deno.test("renderWire() resolves references in the same environment, variant values included", () => {
  const target = config("limits", { max: [10, 20] }, {
    variants: [{ environmentId: "dev", value: { max: [1, 2] }, overrides: [] }],
  });
  const c = config("flag", false, {
    overrides: [
      override([{ operator: "equals", property: "n", value: ref("limits", ["max", 1]) }]),
      override([{ operator: "in", property: "n", value: ref("missing") }]),
      override([{ operator: "equals", property: "n", value: ref("limits", ["nope"]) }]),
      override([{ operator: "equals", property: "n", value: ref("limits", [], "other") }]),
    ],
  });
  const lookup = (name: string) => name === "limits" ? target : undefined;
  const prod = renderWire(c, "prod", lookup);
  const values = prod.overrides.map((o) => o.conditions[0]);
  assert.deepEqual(values[0], { operator: "equals", property: "n", value: 20 });
  assert.deepEqual(values[1], { operator: "in", property: "n" });
  assert.deepEqual(values[2], { operator: "equals", property: "n" });
  assert.deepEqual(values[3], { operator: "equals", property: "n" });
  const dev = renderWire(c, "dev", lookup);
  assert.deepEqual(dev.overrides[0]!.conditions[0], {
    operator: "equals",
    property: "n",
    value: 2,
  });
  assert.equal(
    renderJson(c, "prod", lookup),
    JSON.stringify(prod),
    "the wire JSON is the rendered config",
  );
  assert.equal(
    JSON.parse(renderJson(c, "prod", lookup)).overrides[1].conditions[0].value,
    undefined,
  );
});

Deno.test("dependencies() collects references from the base and every variant", () => {
  const c = config("a", 1, {
    overrides: [
      override([{
        operator: "not",
        condition: { operator: "equals", property: "x", value: ref("b") },
      }]),
    ],
    variants: [{
      environmentId: "dev",
      value: 2,
      overrides: [
        override([{
          operator: "and",
          conditions: [{ operator: "in", property: "x", value: ref("c") }],
        }]),
      ],
    }],
  });
  assert.deepEqual([...dependencies(c)].sort(), ["b", "c"]);
});
