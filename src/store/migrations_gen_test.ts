import assert from "node:assert/strict";
import { GENERATED_PATH, renderMigrationsModule } from "../../scripts/gen_migrations.ts";

Deno.test("migrations.gen.ts matches migrations/ (run `deno task gen` when this fails)", async () => {
  const onDisk = await Deno.readTextFile(GENERATED_PATH);
  assert.equal(onDisk, await renderMigrationsModule());
});
