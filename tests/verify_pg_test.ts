// The history's hash chains on Postgres: two instances writing the same config and the same
// workspace's audit log at once still leave unbroken chains (writes take turns under the
// advisory lock), and verify finds a row edited with the triggers disabled.
import assert from "node:assert/strict";
import postgres from "postgres";
import { createWorld, state, writeConfig } from "./helpers/api.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { type Instance, startInstance, withLogs } from "./helpers/pg_instances.ts";
import { runDialtone } from "./helpers/process.ts";

type Report = {
  ok: boolean;
  configVersions: { rows: number; chains: number; firstBroken: Record<string, unknown> | null };
  auditLog: { rows: number; firstBroken: Record<string, unknown> | null };
};

Deno.test({
  name: "hash chains stay whole under concurrent writers on two instances; verify finds an edit",
  ignore: pgUnavailable,
  async fn() {
    const db = await freshDatabase();
    const instances: Instance[] = [];
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      instances.push(await startInstance(db.url), await startInstance(db.url));
      const [a, b] = instances as [Instance, Instance];
      await withLogs(instances, async () => {
        const w = await createWorld(a.su);
        for (const name of ["shared", "other"]) {
          assert.equal((await writeConfig(a.su, w.projectId, name, state(-1))).status, 201);
        }
        const writes = Array.from({ length: 22 }, (_, i) => {
          const api = i % 2 === 0 ? a.su : b.su;
          return writeConfig(api, w.projectId, i % 3 === 0 ? "other" : "shared", state(i));
        });
        const replies = await Promise.all(writes);
        for (const r of replies) assert.ok(r.status < 300, `${r.status} ${r.text}`);

        const reply = await b.su.send("GET", `/workspaces/${w.workspaceId}/verify`);
        assert.equal(reply.status, 200, reply.text);
        const report = reply.body as unknown as Report;
        assert.equal(report.ok, true, JSON.stringify(report));
        assert.equal(report.configVersions.rows, 24);
        assert.equal(report.configVersions.chains, 2);
        assert.ok(report.auditLog.rows >= 24);

        await sql.unsafe("ALTER TABLE audit_log DISABLE TRIGGER USER");
        await sql.unsafe(
          `UPDATE audit_log SET after = '{"value":"forged"}'
           WHERE id = (SELECT max(id) - 3 FROM audit_log WHERE workspace_id = $1)`,
          [w.workspaceId],
        );
        await sql.unsafe("ALTER TABLE audit_log ENABLE TRIGGER USER");
        const { id } = (await sql.unsafe(
          `SELECT max(id) - 3 AS id FROM audit_log WHERE workspace_id = $1`,
          [w.workspaceId],
        ))[0] as unknown as { id: string };
        const cli = await runDialtone(["verify", "--json"], {
          DATABASE_URL: db.url,
          DATA_DIR: a.dir,
        });
        assert.equal(cli.code, 1, cli.stderr);
        const found = JSON.parse(cli.stdout) as Report;
        assert.equal(found.configVersions.firstBroken, null);
        assert.equal(found.auditLog.firstBroken?.problem, "content");
        assert.equal(found.auditLog.firstBroken?.id, Number(id));

        // Still append-only with the triggers back: the edit needed them disabled.
        await assert.rejects(
          sql.unsafe(`UPDATE config_versions SET actor_id = 'x'`),
          /append-only/,
        );
        await assert.rejects(sql.unsafe(`UPDATE config_versions SET hash = 'x'`), /append-only/);
      });
    } finally {
      await sql.end();
      for (const i of instances) await i.dispose();
      await db.drop();
    }
  },
});
