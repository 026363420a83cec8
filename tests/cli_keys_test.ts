// `dialtone keys`, `env` and `profile` against a real server: an SDK key made by the CLI
// works with the published SDK; a profile file replaces --url and --api-key.
import assert from "node:assert/strict";
import { createWorld, putConfig, state, SUPERUSER_KEY } from "./helpers/api.ts";
import { cli, cliOk, target } from "./helpers/cli.ts";
import { connectSdk, sync } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";

Deno.test("dialtone env and keys: create an environment and a working SDK key, then delete it", async () => {
  const server = await startTestServer();
  try {
    const world = await createWorld(server.su);
    const t = target(server.url, SUPERUSER_KEY, world.projectId);
    await putConfig(server.su, world.projectId, "flag", state(true));
    const env = JSON.parse(
      (await cliOk(["env", "create", "Staging", "--copy-from", "Production", "--json", ...t]))
        .stdout,
    );
    assert.equal(env.name, "Staging");
    assert.match((await cliOk(["env", "list", ...t])).stdout, /3\s+Staging/);
    const key = JSON.parse(
      (await cliOk(["keys", "create", "--env", "staging", "--name", "ci", "--json", ...t])).stdout,
    );
    assert.match(key.key, /^rp_[0-9a-f]{80}$/);
    assert.equal(key.environmentId, env.id);
    assert.match((await cliOk(["keys", "list", ...t])).stdout, /ci\s+Staging\s+rp_/);
    await sync(server);
    const sdk = await connectSdk(server.url, key.key);
    assert.equal(sdk.get("flag"), true);
    sdk.disconnect();
    await cliOk(["keys", "delete", key.id, ...t]);
    assert.deepEqual(JSON.parse((await cliOk(["keys", "list", "--json", ...t])).stdout), []);
    const noEnv = await cli(["keys", "create", "--env", "QA", ...t]);
    assert.equal(noEnv.code, 1);
    assert.match(noEnv.stderr, /No environment "QA".*"Staging"/);

    const api = JSON.parse(
      (await cliOk([
        "keys",
        "api",
        "create",
        "--name",
        "deploy",
        "--scopes",
        "config:read,config:write",
        "--workspace",
        world.workspaceId,
        "--json",
        ...t,
      ])).stdout,
    );
    assert.match(api.key, /^rpa_/);
    // The new API key works for the CLI, within its scopes.
    const asKey = target(server.url, api.key, world.projectId);
    assert.match((await cliOk(["configs", "list", ...asKey])).stdout, /flag/);
    const refused = await cli(["keys", "list", ...asKey]);
    assert.equal(refused.code, 1, "sdk_key:read is not among its scopes");
    assert.match(refused.stderr, /sdk_key/);
  } finally {
    await server.stop();
  }
});

Deno.test("dialtone profile: a saved profile stands in for --url, --api-key and --project", async () => {
  const server = await startTestServer();
  const dir = await Deno.makeTempDir();
  try {
    const world = await createWorld(server.su);
    await putConfig(server.su, world.projectId, "flag", state(1));
    const env = { DIALTONE_CONFIG: `${dir}/cli.json` };
    await cliOk(
      [
        "profile",
        "set",
        "local",
        "--url",
        server.url,
        "--api-key",
        SUPERUSER_KEY,
        "--project",
        world.projectId,
      ],
      { env },
    );
    assert.equal((await Deno.stat(`${dir}/cli.json`)).mode! & 0o777, 0o600);
    const listed = await cliOk(["profile", "list"], { env });
    assert.match(listed.stdout, /local\s+http:\/\/127\.0\.0\.1/);
    assert.ok(!listed.stdout.includes(SUPERUSER_KEY), "the key is not printed whole");
    const got = await cliOk(["configs", "get", "flag", "--value", "--profile", "local"], { env });
    assert.equal(got.stdout, "1");
    const viaEnv = await cliOk(["configs", "get", "flag", "--value"], {
      env: { ...env, DIALTONE_PROFILE: "local" },
    });
    assert.equal(viaEnv.stdout, "1");
    const missing = await cli(["configs", "list", "--profile", "prod"], { env });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No profile "prod".*profiles: local/);
    await cliOk(["profile", "remove", "local"], { env });
    assert.equal((await cli(["configs", "list", "--profile", "local"], { env })).code, 2);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
