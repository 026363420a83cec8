// Change requests of sensitive configs in embedded mode
// (tests/helpers/change_requests_sensitive_scenario.ts): the SQLite file is the primary.
import { sensitiveChangeRequestScenario } from "./helpers/change_requests_sensitive_scenario.ts";
import { fileText } from "./helpers/sensitive.ts";

Deno.test("change requests of sensitive configs: sealed at rest, reviewed, masked, rotated, applied", async () => {
  await sensitiveChangeRequestScenario({
    env: {},
    primaryText: async (dir) => ({
      where: "dialtone.db",
      text: await fileText(`${dir}/dialtone.db`),
    }),
  });
});
