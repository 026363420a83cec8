// A file exported by Replane holds values, schemas and override values as JSON text; Dialtone's
// import reads it as Replane wrote it, and its own export round-trips unchanged.
import assert from "node:assert/strict";
import { createWorld } from "./helpers/api.ts";
import { startTestApp } from "./helpers/app.ts";

const replaneExport = (projectId: string) => ({
  projectName: "from-replane",
  exportedAt: "2026-11-30T10:00:00.000Z",
  configs: [
    {
      name: "rate-limit",
      description: "requests per second",
      value: '{\n  // per second\n  "max": 100,\n}',
      schema: '{"type":"object","properties":{"max":{"type":"number"}}}',
      overrides: [{
        name: "premium",
        conditions: [{
          operator: "equals",
          property: "plan",
          value: { type: "literal", value: "pro" },
        }],
        value: '{"max": 1000}',
      }],
      variants: [{
        environmentName: "Development",
        value: '{"max": 5}',
        schema: null,
        useBaseSchema: true,
        overrides: [],
      }],
    },
    {
      name: "greeting",
      description: "",
      value: '"hello"',
      schema: null,
      overrides: [{
        name: "same-project",
        conditions: [{
          operator: "equals",
          property: "max",
          value: { type: "reference", projectId, configName: "rate-limit", path: ["max"] },
        }],
        value: '"hi, heavy user"',
      }],
      variants: [],
    },
  ],
});

Deno.test("an import reads Replane's JSON-text export as the values it stands for", async () => {
  const app = await startTestApp();
  try {
    const { projectId } = await createWorld(app.su);
    const imported = await app.su.ok("POST", `/projects/${projectId}/import`, {
      data: replaneExport("replane-project-id"),
    });
    assert.deepEqual(imported.body.created, ["rate-limit", "greeting"]);
    const rate = (await app.su.ok("GET", `/projects/${projectId}/configs/rate-limit`)).body as {
      base: { value: unknown; schema: unknown; overrides: { value: unknown }[] };
      variants: { value: unknown }[];
    };
    assert.deepEqual(rate.base.value, { max: 100 });
    assert.deepEqual(rate.base.schema, {
      type: "object",
      properties: { max: { type: "number" } },
    });
    assert.deepEqual(rate.base.overrides[0]!.value, { max: 1000 });
    assert.deepEqual(rate.variants[0]!.value, { max: 5 });
    const greeting = (await app.su.ok("GET", `/projects/${projectId}/configs/greeting`)).body as {
      base: { value: unknown };
    };
    assert.equal(greeting.base.value, "hello");

    // Dialtone's own export says it holds JSON values, so string values stay strings.
    const exported = (await app.su.ok("GET", `/projects/${projectId}/export`)).body;
    assert.equal(exported.encoding, "json");
    const other = await createWorld(app.su);
    await app.su.ok("POST", `/projects/${other.projectId}/import`, { data: exported });
    const copy = (await app.su.ok("GET", `/projects/${other.projectId}/configs/greeting`)).body as {
      base: { value: unknown };
    };
    assert.equal(copy.base.value, "hello");
  } finally {
    await app.stop();
  }
});

Deno.test("a Replane export whose text does not parse is refused, naming the field", async () => {
  const app = await startTestApp();
  try {
    const { projectId } = await createWorld(app.su);
    const doc = replaneExport(projectId);
    doc.configs[0]!.value = "{ max: 100 }";
    const res = await app.su.send("POST", `/projects/${projectId}/import`, { data: doc });
    assert.equal(res.status, 400);
    assert.match(String(res.body.error), /data\.configs\[0\]\.value is not valid JSON text/);
    const list = (await app.su.ok("GET", `/projects/${projectId}/configs`)).body.configs;
    assert.deepEqual(list, []);
  } finally {
    await app.stop();
  }
});
