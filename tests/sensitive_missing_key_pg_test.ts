// Instances with and without the master key on one Postgres
// (tests/helpers/sensitive_missing_key_scenario.ts): the ones without (no key, another key)
// serve plain configs to SDKs, withhold the sensitive one, answer 503 on admin reads of it
// and stay healthy; the one with the key serves everything; a plain write through any of
// them reaches the SDKs of all.
import {
  assertKeyed,
  assertKeyless,
  assertPlainWriteReaches,
  seedMissingKey,
} from "./helpers/sensitive_missing_key_scenario.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { KEY_1, KEY_2, sensitiveBody } from "./helpers/sensitive.ts";
import { startTestServer, type TestServer } from "./helpers/server.ts";

Deno.test({
  name: "Postgres: instances without the master key withhold the sensitive config; plain ones flow",
  ignore: pgUnavailable,
  async fn() {
    const database = await freshDatabase();
    const started: TestServer[] = [];
    const start = async (env: Record<string, string>) => {
      const s = await startTestServer({ DATABASE_URL: database.url, ...env });
      started.push(s);
      return s;
    };
    try {
      const keyed = await start({ ENCRYPTION_KEY: KEY_1 });
      const w = await seedMissingKey(keyed);
      const none = await start({});
      const wrong = await start({ ENCRYPTION_KEY: KEY_2 });
      const readers = [
        { instance: keyed, keyed: true },
        { instance: none, keyed: false },
        { instance: wrong, keyed: false },
      ];

      for (const s of [none, wrong]) await assertKeyless(s, w, "hello");
      await assertKeyed(keyed, w);

      await assertPlainWriteReaches(keyed, w, "written with the key", readers);
      for (const s of [none, wrong]) await assertKeyless(s, w, "written with the key");

      // A sensitive write through the keyed instance reaches the others' replicators sealed;
      // they keep withholding it and keep applying what follows.
      const { name: _, ...update } = sensitiveBody(w.prod);
      await keyed.su.ok("PUT", `/projects/${w.projectId}/configs/db-password`, {
        ...update,
        description: "rewritten while others lack the key",
      });
      await assertPlainWriteReaches(none, w, "written without a key", readers);
      await assertKeyless(wrong, w, "written without a key");
      await assertKeyed(keyed, w);
    } finally {
      for (const s of started.reverse()) await s.stop();
      await database.drop();
    }
  },
});
