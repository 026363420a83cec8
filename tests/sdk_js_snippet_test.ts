// The dashboard's "Dialtone SDK" snippet (ui/lib/sdk_snippet.ts), run as pasted against a real
// server (its import pointed at sdk/js from source): it names the config, a context its rule
// reads, and prints what get() serves for that context.
import assert from "node:assert/strict";
import { dialtoneSnippet } from "../ui/lib/sdk_snippet.ts";
import type { ConfigDetail } from "../ui/lib/types.ts";
import { createSdkKey, createWorld, putConfig, state } from "./helpers/api.ts";
import { sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";

const MOD = new URL("../sdk/js/src/mod.ts", import.meta.url).href;

Deno.test("the Dialtone SDK snippet runs as pasted and reads the targeted value", async () => {
  const server = await startTestServer();
  const dir = await Deno.makeTempDir({ prefix: "dialtone-snippet-" });
  try {
    const w = await createWorld(server.su);
    await putConfig(
      server.su,
      w.projectId,
      "premium-checkout",
      state(false, [{
        name: "Premium",
        conditions: [{
          operator: "equals",
          property: "plan",
          value: { type: "literal", value: "premium" },
        }],
        value: true,
      }]),
    );
    const { key } = await createSdkKey(server.su, w.projectId, w.env.Production!);
    await sync(server);
    const detail = await server.su.ok("GET", `/projects/${w.projectId}/configs/premium-checkout`);
    const snippet = dialtoneSnippet(
      server.url,
      key,
      detail.body as unknown as ConfigDetail,
      w.env.Production!,
    );
    assert.match(snippet, /plan: "premium"/);
    assert.match(snippet, /dialtone\.get\("premium-checkout"\)/);
    const program = snippet.replace('"@dialtone/sdk"', JSON.stringify(MOD)) +
      '\nconsole.log("VALUE=" + JSON.stringify(value));\nDeno.exit(0);\n';
    await Deno.writeTextFile(`${dir}/snippet.ts`, program);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--no-check", `${dir}/snippet.ts`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    assert.match(stdout, /VALUE=true/);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
