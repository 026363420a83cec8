// docs/api.md lists every admin route, so the prose cannot fall behind the route table.
import assert from "node:assert/strict";
import { ADMIN_ROUTES } from "../src/http/admin/routes.ts";

Deno.test("docs/api.md names every admin route, and no route that does not exist", async () => {
  const doc = await Deno.readTextFile(new URL("../docs/api.md", import.meta.url));
  const routes = ADMIN_ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`);
  const missing = routes.filter((r) => !doc.includes(`\`${r}\``));
  assert.deepEqual(missing, []);
  const documented = [...doc.matchAll(/`((?:GET|POST|PUT|PATCH|DELETE) \/[^`]*)`/g)].map((m) =>
    m[1]!
  );
  const unknown = documented.filter((d) => !routes.includes(d));
  assert.deepEqual(unknown, []);
});
