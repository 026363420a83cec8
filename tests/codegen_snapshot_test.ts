// Each generator's output for a fixture with every JSON Schema feature codegen reads (enums,
// const, unions, nested objects, arrays, nullable, additionalProperties, $defs, allOf, a
// recursive $ref) and configs typed from their values. UPDATE_SNAPSHOTS=1 rewrites them.
import assert from "node:assert/strict";
import { generateCsharp } from "../src/codegen/csharp.ts";
import { generateGo } from "../src/codegen/go.ts";
import { generatePython } from "../src/codegen/python.ts";
import { generateTypescript } from "../src/codegen/typescript.ts";

const DIR = new URL("./fixtures/codegen/", import.meta.url);
const fixture = JSON.parse(await Deno.readTextFile(new URL("project.json", DIR)));
const project = { name: fixture.projectName };

const cases: [string, string][] = [
  ["expected.ts", generateTypescript(fixture.configs, project)],
  ["expected.py", generatePython(fixture.configs, project)],
  ["expected.cs", generateCsharp(fixture.configs, project)],
  ["expected.go", generateGo(fixture.configs, project)],
];

for (const [file, actual] of cases) {
  Deno.test(`codegen snapshot ${file} matches`, async () => {
    const path = new URL(file, DIR);
    if (Deno.env.get("UPDATE_SNAPSHOTS") === "1") await Deno.writeTextFile(path, actual);
    assert.equal(actual, await Deno.readTextFile(path));
  });
}

Deno.test("codegen output does not depend on the order of the configs", () => {
  const reversed = [...fixture.configs].reverse();
  assert.equal(generateTypescript(reversed, project), cases[0]![1]);
  assert.equal(generateGo(reversed, project), cases[3]![1]);
});
