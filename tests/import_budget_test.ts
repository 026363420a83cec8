// An import checks every config against its schema in one request; each config still gets a
// schema work budget of its own (the import yields between them), so a large import of
// ordinary configs is not refused as "too much work".
import assert from "node:assert/strict";
import { LIMITS } from "../src/domain/limits.ts";
import { createWorld } from "./helpers/api.ts";
import { startTestApp } from "./helpers/app.ts";

Deno.test("an import whose schema checks add up past one request's budget still imports", async () => {
  const app = await startTestApp();
  try {
    const { projectId } = await createWorld(app.su);
    const schema = { type: "array", items: { type: "number", minimum: 0 } };
    const value = Array.from({ length: 5_000 }, (_, i) => i);
    const one = { name: "probe", description: "", value, schema, overrides: [], variants: [] };
    // One such config alone passes; the import below holds enough of them to pass the budget
    // several times over.
    const probe = await app.su.send("POST", `/projects/${projectId}/configs`, {
      name: "probe",
      base: { value, schema },
    });
    assert.equal(probe.status, 201, probe.text);
    const configs = Array.from({ length: 40 }, (_, i) => ({ ...one, name: `list-${i}` }));
    const res = await app.su.send("POST", `/projects/${projectId}/import`, {
      data: { encoding: "json", configs },
    });
    assert.equal(res.status, 200, res.text.slice(0, 500));
    assert.equal((res.body.created as string[]).length, 40);
    assert.ok(LIMITS.maxSchemaWork < 40 * value.length, "the import's checks exceed one budget");
  } finally {
    await app.stop();
  }
});
