// Exports of sensitive configs (docs/sensitive_values.md#exports): left out by default; with
// ?sensitive=encrypted included sealed, never in plaintext, and imported back on a server with
// the same master key (into another project: re-sealed under its data key); a server without
// that key refuses the import naming the key; altered or borrowed ciphertext does not open.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { masterKey } from "../src/auth/envelope.ts";
import type { Api } from "./helpers/api.ts";
import { createWorld, putConfig, type Reply, state } from "./helpers/api.ts";
import { snapshot, sync } from "./helpers/sdk.ts";
import { fileText, KEY_1, KEY_2, PLAINTEXTS, sdkKey, sensitiveBody } from "./helpers/sensitive.ts";
import { startTestServer } from "./helpers/server.ts";
import { eventually } from "./helpers/wait.ts";

const KEY_1_ID = masterKey(KEY_1).id;

type Doc = {
  configs: { name: string }[];
  sensitiveConfigs?: {
    name: string;
    description: string;
    environmentNames: string[];
    sealed: string;
  }[];
  encryption?: {
    salt: string;
    dataKey: { id: string; projectId: string; masterKeyId: string; wrapped: string };
  };
};

function noPlaintext(reply: Reply) {
  for (const secret of PLAINTEXTS) assert.ok(!reply.text.includes(secret), reply.text);
}

async function setUp(su: Api) {
  const world = await createWorld(su);
  const prod = world.env.Production!;
  await su.ok("POST", `/projects/${world.projectId}/configs`, sensitiveBody(prod));
  await putConfig(su, world.projectId, "greeting", state("hello"));
  return world;
}

async function newProject(su: Api, workspaceId: string, name: string) {
  const b = await su.ok("POST", `/workspaces/${workspaceId}/projects`, { name });
  const id = String(b.body.id);
  const envs = (await su.ok("GET", `/projects/${id}/environments`)).body
    .environments as { id: string; name: string }[];
  return { id, env: Object.fromEntries(envs.map((e) => [e.name, e.id])) };
}

function refusedFor(reply: Reply, path: string, pattern: RegExp) {
  assert.equal(reply.status, 400, reply.text);
  const issues = reply.body.issues as { path: string; message: string }[];
  assert.equal(issues[0]!.path, path, reply.text);
  assert.match(issues[0]!.message, pattern);
  noPlaintext(reply);
}

Deno.test("export: sensitive configs left out by default, sealed with ?sensitive=encrypted, imported into another project", async () => {
  const server = await startTestServer({ ENCRYPTION_KEY: KEY_1 });
  const { su } = server;
  try {
    const a = await setUp(su);
    const path = `/projects/${a.projectId}/export`;

    for (
      const query of ["", "?sensitive=omit", "?format=replane", "?format=replane&sensitive=omit"]
    ) {
      const reply = await su.ok("GET", path + query);
      const doc = reply.body as Doc;
      assert.deepEqual(doc.configs.map((c) => c.name), ["greeting"], query);
      assert.equal(doc.sensitiveConfigs, undefined, query);
      assert.ok(!reply.text.includes("db-password"), query);
      noPlaintext(reply);
    }

    const reply = await su.ok("GET", `${path}?sensitive=encrypted`);
    noPlaintext(reply);
    const doc = reply.body as Doc;
    assert.deepEqual(doc.configs.map((c) => c.name), ["greeting"]);
    const entry = doc.sensitiveConfigs![0]!;
    assert.equal(doc.sensitiveConfigs!.length, 1);
    assert.equal(entry.name, "db-password");
    assert.equal(entry.description, "the database password");
    assert.deepEqual(entry.environmentNames, ["Production"]);
    assert.match(entry.sealed, /^dx1\.[\w-]+\.[\w-]+$/);
    assert.equal(doc.encryption!.dataKey.masterKeyId, KEY_1_ID);
    assert.equal(doc.encryption!.dataKey.projectId, a.projectId);
    assert.match(doc.encryption!.dataKey.id, /^dk_/);

    // Bad options: a clear 400 naming the parameter.
    const bad = await su.send("GET", `${path}?sensitive=plain`);
    assert.equal(bad.status, 400, bad.text);
    assert.equal((bad.body.issues as { path: string }[])[0]!.path, "sensitive");
    const replane = await su.send("GET", `${path}?format=replane&sensitive=encrypted`);
    assert.equal(replane.status, 400, replane.text);
    assert.match(String(replane.body.error), /Replane's format has no field for sealed values/);

    // The encrypted export (and only it: plain exports and refused ones are reads) leaves one
    // audit row naming the sensitive configs it handed out.
    const log = await su.ok("GET", `/projects/${a.projectId}/audit-log?limit=50`);
    const exports = (log.body.entries as {
      action: string;
      targetType: string;
      targetId: string;
      actor: { label: string };
      after: unknown;
    }[]).filter((e) => e.action === "project.export");
    assert.equal(exports.length, 1, log.text);
    assert.deepEqual(exports[0]!.after, { sensitive: "encrypted", configs: ["db-password"] });
    assert.equal(exports[0]!.targetType, "project");
    assert.equal(exports[0]!.targetId, a.projectId);
    noPlaintext(log);

    // Into a second project of the same server: values read back, re-sealed under its key.
    const b = await newProject(su, a.workspaceId, "B");
    const imported = await su.ok("POST", `/projects/${b.id}/import`, { data: doc });
    assert.deepEqual((imported.body.created as string[]).sort(), ["db-password", "greeting"]);
    noPlaintext(imported);
    const got = await su.ok("GET", `/projects/${b.id}/configs/db-password`);
    const config = got.body as {
      sensitive: boolean;
      description: string;
      base: { value: unknown; overrides: { value: unknown }[] };
      variants: { environmentId: string; value: unknown }[];
    };
    assert.equal(config.sensitive, true);
    assert.equal(config.description, "the database password");
    assert.equal(config.base.value, PLAINTEXTS[0]);
    assert.equal(config.base.overrides[0]!.value, PLAINTEXTS[1]);
    assert.deepEqual(
      config.variants.map((v) => [v.environmentId, v.value]),
      [[b.env.Production, PLAINTEXTS[2]]],
    );
    const listed = (await su.ok("GET", `/projects/${b.id}/configs`)).body
      .configs as { name: string; sensitive: boolean }[];
    assert.deepEqual(listed.map((c) => [c.name, c.sensitive]), [
      ["db-password", true],
      ["greeting", false],
    ]);
    const trusted = await sdkKey(su, b.id, b.env.Production!, true);
    await sync(server);
    await eventually(async () => {
      assert.equal((await snapshot(server.url, trusted))["db-password"], PLAINTEXTS[2]);
    });

    // Its history and audit stay masked, and no plaintext reached the database files.
    const audit = await su.ok("GET", `/projects/${b.id}/audit-log`);
    assert.ok(audit.text.includes("db-password"), audit.text);
    noPlaintext(audit);
    for (const file of [`${server.dir}/dialtone.db`, `${server.dir}/replica.db`]) {
      const text = await fileText(file);
      for (const secret of PLAINTEXTS) assert.ok(!text.includes(secret), `${secret} in ${file}`);
    }

    // Replacing a plain config with the sealed one makes it sensitive.
    const c = await newProject(su, a.workspaceId, "C");
    await putConfig(su, c.id, "db-password", state("plain before"));
    const replaced = await su.ok("POST", `/projects/${c.id}/import`, {
      data: doc,
      onConflict: "replace",
    });
    assert.deepEqual(replaced.body.replaced, ["db-password"]);
    const now = await su.ok("GET", `/projects/${c.id}/configs/db-password`);
    assert.equal(now.body.sensitive, true);
    assert.equal((now.body.base as { value: unknown }).value, PLAINTEXTS[0]);

    // An entry renamed, or its sealed text altered, does not open; nothing is written.
    const d = await newProject(su, a.workspaceId, "D");
    const renamed = { ...doc, sensitiveConfigs: [{ ...entry, name: "other" }] };
    refusedFor(
      await su.send("POST", `/projects/${d.id}/import`, { data: renamed }),
      "data.sensitiveConfigs[0].sealed",
      /does not open/,
    );
    const flipped = entry.sealed.slice(0, -2) + (entry.sealed.endsWith("A") ? "BB" : "AA");
    refusedFor(
      await su.send("POST", `/projects/${d.id}/import`, {
        data: { ...doc, sensitiveConfigs: [{ ...entry, sealed: flipped }] },
      }),
      "data.sensitiveConfigs[0].sealed",
      /does not open/,
    );
    refusedFor(
      await su.send("POST", `/projects/${d.id}/import`, {
        data: { ...doc, encryption: undefined },
      }),
      "data.encryption",
      /required/,
    );

    // Ciphertext as stored (database, backup, relay feed) cannot be opened through an import,
    // even dressed as an export value: the export key and associated data differ.
    const db = new DatabaseSync(`${server.dir}/dialtone.db`, { readOnly: true });
    const row = db.prepare(`SELECT sealed FROM configs WHERE project_id = ? AND name = ?`)
      .get(a.projectId, "db-password") as { sealed: string };
    db.close();
    const body = row.sealed.split(".").slice(2).join(".");
    for (const sealed of [row.sealed, `dx1.${body}`]) {
      refusedFor(
        await su.send("POST", `/projects/${d.id}/import`, {
          data: { ...doc, sensitiveConfigs: [{ ...entry, sealed }] },
        }),
        "data.sensitiveConfigs[0].sealed",
        /does not open/,
      );
    }
    const dList = (await su.ok("GET", `/projects/${d.id}/configs`)).body.configs as unknown[];
    assert.deepEqual(dList, []);
  } finally {
    await server.stop();
  }
});

Deno.test("encrypted export: a server with another master key refuses the import naming the key; with it as previous key it imports", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-export-sensitive-" });
  let doc: Doc;
  try {
    const source = await startTestServer({ ENCRYPTION_KEY: KEY_1 }, { dir });
    try {
      const a = await setUp(source.su);
      doc = (await source.su.ok("GET", `/projects/${a.projectId}/export?sensitive=encrypted`))
        .body as Doc;
    } finally {
      await source.stop();
    }

    // The source without its key: the default export works, the encrypted one cannot be made.
    const keyless = await startTestServer({}, { dir });
    try {
      const projectId = doc.encryption!.dataKey.projectId;
      const plain = await keyless.su.ok("GET", `/projects/${projectId}/export`);
      assert.deepEqual((plain.body as Doc).configs.map((c) => c.name), ["greeting"]);
      const sealed = await keyless.su.send(
        "GET",
        `/projects/${projectId}/export?sensitive=encrypted`,
      );
      assert.equal(sealed.status, 503, sealed.text);
      assert.equal(sealed.body.code, "encryption_key_unavailable");
      assert.equal(sealed.body.masterKeyId, KEY_1_ID);
    } finally {
      await keyless.stop();
    }

    for (const env of [{ ENCRYPTION_KEY: KEY_2 }, {}] as Record<string, string>[]) {
      const other = await startTestServer(env);
      try {
        const { projectId } = await createWorld(other.su);
        const reply = await other.su.send("POST", `/projects/${projectId}/import`, { data: doc });
        refusedFor(
          reply,
          "data.encryption.dataKey.masterKeyId",
          new RegExp(`master key "${KEY_1_ID}"`),
        );
        assert.match(String(reply.body.error), /ENCRYPTION_KEY/);
        assert.match(String(reply.body.error), /sensitive=omit/);
        const list = (await other.su.ok("GET", `/projects/${projectId}/configs`)).body.configs;
        assert.deepEqual(list, [], "an import writes all or nothing");
      } finally {
        await other.stop();
      }
    }

    // After a rotation the old key is still known: the file opens.
    const rotated = await startTestServer({
      ENCRYPTION_KEY: KEY_2,
      ENCRYPTION_KEY_PREVIOUS: KEY_1,
    });
    try {
      const { projectId } = await createWorld(rotated.su);
      const reply = await rotated.su.ok("POST", `/projects/${projectId}/import`, { data: doc });
      assert.deepEqual((reply.body.created as string[]).sort(), ["db-password", "greeting"]);
      const got = await rotated.su.ok("GET", `/projects/${projectId}/configs/db-password`);
      assert.equal((got.body.base as { value: unknown }).value, PLAINTEXTS[0]);
    } finally {
      await rotated.stop();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
