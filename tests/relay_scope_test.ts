// A relay key scoped to a project or to an environment: the relay's replica file holds nothing
// outside the scope, before and after changes elsewhere, and a relay key outside a relay's own
// scope cannot follow that relay.
import assert from "node:assert/strict";
import { createSdkKey, createWorld, putConfig, state } from "./helpers/api.ts";
import { createRelayKey, startTestRelay } from "./helpers/relay.ts";
import { openStream, snapshot } from "./helpers/sdk.ts";
import { startTestServer } from "./helpers/server.ts";
import { eventually } from "./helpers/wait.ts";

/** Every byte of a SQLite file and its WAL, as text (markers are ASCII). */
async function fileText(path: string): Promise<string> {
  const parts: Uint8Array[] = [];
  for (const suffix of ["", "-wal"]) {
    try {
      parts.push(await Deno.readFile(path + suffix));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return parts.map((p) => new TextDecoder("latin1").decode(p)).join("");
}

Deno.test("a relay scoped to a project or an environment holds nothing else", async () => {
  const primary = await startTestServer();
  const cleanups: (() => unknown)[] = [() => primary.stop()];
  try {
    const { workspaceId, projectId, env } = await createWorld(primary.su);
    const other = await createWorld(primary.su);
    const sibling = await primary.su.ok("POST", `/workspaces/${workspaceId}/projects`, {
      name: "Sibling",
    });
    const siblingId = String(sibling.body.id);
    const variants = (prod: string, dev: string) =>
      state("base-value", [], [
        { environmentId: env.Production!, value: prod, overrides: [] },
        { environmentId: env.Development!, value: dev, overrides: [] },
      ]);
    await putConfig(primary.su, projectId, "shared", variants("PROD_MARKER_1", "DEV_MARKER_1"));
    await putConfig(primary.su, siblingId, "elsewhere", state("SIBLING_MARKER_1"));
    await putConfig(primary.su, other.projectId, "foreign", state("FOREIGN_MARKER_1"));
    const prodKey = await createSdkKey(primary.su, projectId, env.Production!);
    const devKey = await createSdkKey(primary.su, projectId, env.Development!);

    const byProject = await startTestRelay(
      primary.url,
      (await createRelayKey(primary.su, workspaceId, { projectIds: [projectId] })).key,
    );
    cleanups.push(() => byProject.stop());
    const byEnv = await startTestRelay(
      primary.url,
      (await createRelayKey(primary.su, workspaceId, { environmentIds: [env.Production!] })).key,
    );
    cleanups.push(() => byEnv.stop());
    assert.deepEqual(await snapshot(byProject.url, devKey.key), { shared: "DEV_MARKER_1" });
    assert.deepEqual(await snapshot(byEnv.url, prodKey.key), { shared: "PROD_MARKER_1" });
    const refused = await openStream({ url: byEnv.url }, devKey.key);
    assert.equal(refused.status, 401, "the Development key is unknown to the Production relay");
    await refused.body?.cancel();

    // Changes outside the scopes after the relays started.
    await putConfig(primary.su, siblingId, "elsewhere", state("SIBLING_MARKER_2"));
    await putConfig(primary.su, other.projectId, "foreign", state("FOREIGN_MARKER_2"));
    await putConfig(primary.su, projectId, "shared", variants("PROD_MARKER_2", "DEV_MARKER_2"));
    const head = primary.replicator.cursor;
    await eventually(() => assert.equal(byProject.replicator.cursor, head));
    await eventually(() => assert.equal(byEnv.replicator.cursor, head));

    const projectFile = await fileText(`${byProject.dir}/replica.db`);
    const envFile = await fileText(`${byEnv.dir}/replica.db`);
    for (const marker of ["PROD_MARKER_2", "DEV_MARKER_2"]) assert.ok(projectFile.includes(marker));
    assert.ok(envFile.includes("PROD_MARKER_2"));
    for (const outside of ["SIBLING_MARKER", "FOREIGN_MARKER", siblingId, other.projectId]) {
      assert.ok(!projectFile.includes(outside), `project relay holds ${outside}`);
      assert.ok(!envFile.includes(outside), `environment relay holds ${outside}`);
    }
    for (const outside of ["DEV_MARKER", env.Development!, devKey.id]) {
      assert.ok(!envFile.includes(outside), `environment relay holds ${outside}`);
    }

    // A relay key of the whole workspace is not covered by the project relay's scope.
    const wide = await createRelayKey(primary.su, workspaceId);
    const narrow = await createRelayKey(primary.su, workspaceId, { projectIds: [projectId] });
    await eventually(() => assert.equal(byProject.replicator.cursor, primary.replicator.cursor));
    const feed = (key: string) =>
      fetch(`${byProject.url}/api/relay/v1/snapshot`, {
        headers: { authorization: `Bearer ${key}` },
      });
    const no = await feed(wide.key);
    assert.equal(no.status, 401);
    await no.body?.cancel();
    const yes = await feed(narrow.key);
    assert.equal(yes.status, 200);
    const snap = await yes.json();
    assert.deepEqual(snap.configs.map((c: { name: string }) => c.name), ["shared"]);
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
});
