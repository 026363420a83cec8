// The history's hash chains on SQLite: versions list their links, the verify route and
// `dialtone verify` find rows edited, removed or cut off behind the application's back (with
// the append-only triggers dropped), and rows from before the chains existed get sealed.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { versionHash } from "../src/domain/hash_chain.ts";
import { userApi } from "./helpers/admin.ts";
import { createWorld, putConfig, state } from "./helpers/api.ts";
import { startTestApp, type TestApp } from "./helpers/app.ts";
import { runDialtone } from "./helpers/process.ts";

type Report = {
  ok: boolean;
  sealed: number;
  configVersions: { rows: number; chains: number; firstBroken: Record<string, unknown> | null };
  auditLog: { rows: number; chains: number; firstBroken: Record<string, unknown> | null };
};

/** Runs `statements` on the database file directly, with the append-only triggers gone. */
function behindTheBack(app: TestApp, ...statements: string[]) {
  const db = new DatabaseSync(`${app.dir}/dialtone.db`);
  try {
    db.exec("DROP TRIGGER IF EXISTS config_versions_no_update");
    db.exec("DROP TRIGGER IF EXISTS config_versions_no_delete");
    db.exec("DROP TRIGGER IF EXISTS audit_log_no_update");
    for (const s of statements) db.exec(s);
  } finally {
    db.close();
  }
}

async function verify(app: TestApp, workspaceId: string): Promise<Report> {
  const reply = await app.su.send("GET", `/workspaces/${workspaceId}/verify`);
  assert.equal(reply.status, 200, reply.text);
  return reply.body as unknown as Report;
}

/** A world with config "flag" at version 3 and "other" at version 1. */
async function world(app: TestApp) {
  const w = await createWorld(app.su);
  for (const value of [1, 2, 3]) await putConfig(app.su, w.projectId, "flag", state(value));
  const configId = await putConfig(app.su, w.projectId, "other", state("x"));
  const flagId = await putConfig(app.su, w.projectId, "flag", state(4));
  return { ...w, flagId, configId };
}

Deno.test("versions carry their chain links, and an untouched history verifies", async () => {
  const app = await startTestApp();
  try {
    const w = await world(app);
    const list = await app.su.send("GET", `/projects/${w.projectId}/configs/flag/versions`);
    const versions = list.body.versions as { version: number; hash: string; prevHash: string }[];
    assert.deepEqual(versions.map((v) => v.version), [4, 3, 2, 1]);
    for (const v of versions) assert.match(v.hash, /^[0-9a-f]{64}$/);
    assert.equal(versions[3]!.prevHash, null);
    for (let i = 0; i < 3; i++) assert.equal(versions[i]!.prevHash, versions[i + 1]!.hash);

    // The hash is the row's canonical form: recomputing it from the stored row gives it.
    const db = new DatabaseSync(`${app.dir}/dialtone.db`, { readOnly: true });
    const row = db.prepare("SELECT * FROM config_versions WHERE config_id = ? AND version = 2")
      .get(w.flagId) as Parameters<typeof versionHash>[0] & { prev_hash: string; hash: string };
    db.close();
    assert.equal(versionHash(row, row.prev_hash), versions[2]!.hash);

    const report = await verify(app, w.workspaceId);
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.equal(report.sealed, 0);
    assert.equal(report.configVersions.rows, 5);
    assert.equal(report.configVersions.chains, 2);
    assert.ok(report.auditLog.rows >= 5, JSON.stringify(report.auditLog));
    assert.equal(report.auditLog.chains, 1);

    // Workspace admins only: a member, and any API key, is refused.
    const member = await userApi(app, "m@x.test", { id: w.workspaceId, role: "member" });
    const refused = await member.send("GET", `/workspaces/${w.workspaceId}/verify`);
    assert.equal(refused.status, 403);
    assert.match(refused.body.error as string, /verify the workspace's history/);
    const admin = await userApi(app, "a@x.test", { id: w.workspaceId, role: "admin" });
    assert.equal((await admin.send("GET", `/workspaces/${w.workspaceId}/verify`)).status, 200);
  } finally {
    await app.stop();
  }
});

Deno.test("verify names the first edited, removed or cut-off version and audit row", async (t) => {
  const app = await startTestApp();
  try {
    const w = await world(app);
    const row = (version: number) => `config_id = '${w.flagId}' AND version = ${version}`;

    await t.step("an edited snapshot: content, expected vs found", async () => {
      const before = await verify(app, w.workspaceId);
      assert.equal(before.ok, true);
      behindTheBack(
        app,
        `UPDATE config_versions SET snapshot = replace(snapshot, '2', '7') WHERE ${row(2)}`,
      );
      const report = await verify(app, w.workspaceId);
      assert.equal(report.ok, false);
      const broken = report.configVersions.firstBroken!;
      assert.equal(broken.problem, "content");
      assert.equal(broken.version, 2);
      assert.equal(broken.configName, "flag");
      assert.match(String(broken.expected), /^[0-9a-f]{64}$/);
      assert.notEqual(broken.expected, broken.found);
      // The stored hash is what it was: only the content moved.
      const versions = (await app.su.send("GET", `/projects/${w.projectId}/configs/flag/versions`))
        .body.versions as { version: number; hash: string }[];
      assert.equal(broken.found, versions.find((v) => v.version === 2)!.hash);
      behindTheBack(
        app,
        `UPDATE config_versions SET snapshot = replace(snapshot, '7', '2') WHERE ${row(2)}`,
      );
      assert.equal((await verify(app, w.workspaceId)).ok, true);
    });

    await t.step("a removed middle version breaks the next one's link", async () => {
      const db = new DatabaseSync(`${app.dir}/dialtone.db`);
      const saved = db.prepare(`SELECT * FROM config_versions WHERE ${row(2)}`).get() as Record<
        string,
        string | number | null
      >;
      db.close();
      behindTheBack(app, `DELETE FROM config_versions WHERE ${row(2)}`);
      const broken = (await verify(app, w.workspaceId)).configVersions.firstBroken!;
      assert.equal(broken.problem, "link");
      assert.equal(broken.version, 3);
      assert.equal(broken.expected, saved.prev_hash, "the hash of version 1");
      assert.equal(broken.found, saved.hash, "version 3 still points at the removed row");
      const put = new DatabaseSync(`${app.dir}/dialtone.db`);
      const columns = Object.keys(saved);
      put.prepare(
        `INSERT INTO config_versions (${columns.join(", ")}) VALUES (${columns.map(() => "?")})`,
      ).run(...Object.values(saved));
      put.close();
      assert.equal((await verify(app, w.workspaceId)).ok, true);
    });

    await t.step("removing the newest version is seen against the config's version", async () => {
      behindTheBack(app, `DELETE FROM config_versions WHERE ${row(4)}`);
      const broken = (await verify(app, w.workspaceId)).configVersions.firstBroken!;
      assert.equal(broken.problem, "missing");
      assert.equal(broken.configName, "flag");
      assert.equal(broken.expected, "version 4");
      assert.equal(broken.found, "version 3");
    });

    await t.step("an edited audit row", async () => {
      const db = new DatabaseSync(`${app.dir}/dialtone.db`);
      const { id } = db.prepare(
        "SELECT min(id) AS id FROM audit_log WHERE workspace_id = ?",
      ).get(w.workspaceId) as { id: number };
      db.close();
      assert.equal((await verify(app, w.workspaceId)).auditLog.firstBroken, null);
      behindTheBack(app, `UPDATE audit_log SET actor_label = 'someone else' WHERE id = ${id + 1}`);
      const broken = (await verify(app, w.workspaceId)).auditLog.firstBroken!;
      assert.equal(broken.problem, "content");
      assert.equal(broken.id, id + 1);
      assert.equal(broken.workspaceId, w.workspaceId);
    });
  } finally {
    await app.stop();
  }
});

Deno.test("rows from before the chains get sealed: by verify, and before the next append", async () => {
  const app = await startTestApp();
  try {
    const w = await world(app);
    // As migration 0014 finds them: no hashes at all.
    behindTheBack(
      app,
      "UPDATE config_versions SET hash = NULL, prev_hash = NULL",
      "UPDATE audit_log SET hash = NULL, prev_hash = NULL",
    );
    // An append seals the config's chain first, so the new version links to a sealed one.
    await putConfig(app.su, w.projectId, "flag", state(5));
    const versions = (await app.su.send("GET", `/projects/${w.projectId}/configs/flag/versions`))
      .body.versions as { version: number; hash: string | null; prevHash: string | null }[];
    assert.equal(versions.length, 5);
    for (const v of versions) assert.match(String(v.hash), /^[0-9a-f]{64}$/);
    assert.equal(versions[0]!.prevHash, versions[1]!.hash);

    const report = await verify(app, w.workspaceId);
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.equal(report.sealed, 1, "only config other's version was left to seal");
    assert.equal((await verify(app, w.workspaceId)).sealed, 0);
  } finally {
    await app.stop();
  }
});

Deno.test("dialtone verify walks every chain of the database and exits 1 on a broken one", async () => {
  const app = await startTestApp();
  try {
    const w = await world(app);
    const data = ["verify", "--data-dir", app.dir];
    const intact = await runDialtone(data, {});
    assert.equal(intact.code, 0, intact.stderr);
    assert.match(intact.stdout, /Config versions: 5 rows in 2 chains: intact/);
    assert.match(intact.stdout, /Audit log: \d+ rows in \d+ chains: intact/);

    behindTheBack(
      app,
      `UPDATE config_versions SET actor_id = 'mallory' WHERE config_id = '${w.flagId}' AND version = 3`,
    );
    const broken = await runDialtone([...data, "--json"], {});
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /a chain is broken/);
    const report = JSON.parse(broken.stdout) as Report;
    assert.equal(report.configVersions.firstBroken?.version, 3);
    assert.equal(report.configVersions.firstBroken?.problem, "content");
    assert.equal(report.auditLog.firstBroken, null);
  } finally {
    await app.stop();
  }
});
