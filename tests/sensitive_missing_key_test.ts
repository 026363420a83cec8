// An instance without the master key of a sensitive config, in embedded mode
// (tests/helpers/sensitive_missing_key_scenario.ts): one data directory restarted with a wrong
// key, then none, then the right key again.
import {
  assertKeyed,
  assertKeyless,
  assertPlainWriteReaches,
  seedMissingKey,
} from "./helpers/sensitive_missing_key_scenario.ts";
import { KEY_1, KEY_2 } from "./helpers/sensitive.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test("without its master key, a sensitive config answers 503 encryption_key_unavailable; the rest works", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-missing-key-" });
  try {
    let server = await startTestServer({ ENCRYPTION_KEY: KEY_1 }, { dir });
    const w = await seedMissingKey(server);
    await server.stop();

    let greeting = "hello";
    for (const env of [{ ENCRYPTION_KEY: KEY_2 }, {}] as Record<string, string>[]) {
      server = await startTestServer(env, { dir });
      try {
        await assertKeyless(server, w, greeting);
        greeting = "hi " + JSON.stringify(env);
        await assertPlainWriteReaches(server, w, greeting, [{ instance: server, keyed: false }]);
        await assertKeyless(server, w, greeting);
      } finally {
        await server.stop();
      }
    }

    // The right key again: everything opens, nothing was lost.
    server = await startTestServer({ ENCRYPTION_KEY: KEY_1 }, { dir });
    try {
      await assertKeyed(server, w);
    } finally {
      await server.stop();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
