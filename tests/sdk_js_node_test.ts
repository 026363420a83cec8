// The built SDK bundle (sdk/js/build.ts) under Node (installed here, 20): connects to a real
// server, reads a targeted value, follows a live change, writes its snapshot with node:fs, and
// the OpenFeature server provider entry answers through the stock server SDK.
import assert from "node:assert/strict";
import { buildSdk } from "../sdk/js/build.ts";
import { putConfig, state } from "./helpers/api.ts";
import { ofrepWorld } from "./helpers/ofrep.ts";
import { sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";

const ROOT = new URL("..", import.meta.url).pathname;

const PROGRAM = `
import { Dialtone, fileSnapshot } from "./dist/index.js";
import { DialtoneServerProvider } from "./dist/openfeature-server.js";
import { OpenFeature } from "@openfeature/server-sdk";
const [url, key, snapshotPath] = process.argv.slice(2);
const client = new Dialtone({ baseUrl: url, sdkKey: key, snapshot: fileSnapshot(snapshotPath) });
await client.ready;
console.log("READY " + JSON.stringify([client.get("max-items"), client.get("max-items", { context: { plan: "pro" } })]));
await OpenFeature.setProviderAndWait(new DialtoneServerProvider(client));
const details = await OpenFeature.getClient().getBooleanDetails("dark-mode", false, { plan: "beta" });
console.log("OPENFEATURE " + JSON.stringify([details.value, details.variant, details.reason]));
client.onChange("greeting", () => {
  console.log("CHANGED " + JSON.stringify(client.get("greeting")));
  client.close().then(() => process.exit(0));
});
`;

Deno.test("the built bundle runs under Node", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-sdk-node-" });
  const server = await startTestServer();
  try {
    await buildSdk(`${dir}/dist`);
    await Deno.writeTextFile(`${dir}/main.mjs`, PROGRAM);
    // The stock OpenFeature SDK from the repository's node_modules, as an app would install it.
    await Deno.symlink(`${ROOT}node_modules`, `${dir}/node_modules`);
    const w = await ofrepWorld(server.su);
    await sync(server);
    const child = new Deno.Command("node", {
      args: ["main.mjs", server.url, w.key, `${dir}/snapshot.json`],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const out = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const readUntil = async (marker: string) => {
      while (!text.includes(marker)) {
        const { value, done } = await out.read();
        if (done) throw new Error(`node ended before ${marker}: ${text}`);
        text += value;
      }
    };
    await readUntil("OPENFEATURE");
    await putConfig(server.su, w.projectId, "greeting", state("from node"));
    await readUntil("CHANGED");
    const status = await child.status;
    const stderr = await new Response(child.stderr).text();
    assert.equal(status.code, 0, stderr);
    assert.match(text, /READY \[10,50\]/);
    assert.match(text, /OPENFEATURE \[true,"beta","TARGETING_MATCH"\]/);
    assert.match(text, /CHANGED "from node"/);
    const snapshot = JSON.parse(await Deno.readTextFile(`${dir}/snapshot.json`));
    assert.ok(snapshot.configs.some((c: { value: unknown }) => c.value === "from node"));
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
