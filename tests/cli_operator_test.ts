// The operator commands as real processes (main.ts → src/cli): `users reset-password` and
// `backup` on the database of a server that is running, plus help and exit codes.
import assert from "node:assert/strict";
import { createWorld, putConfig, state } from "./helpers/api.ts";
import { Browser } from "./helpers/browser.ts";
import { runDialtone } from "./helpers/process.ts";
import { startTestServer } from "./helpers/server.ts";
import { openSqliteStore } from "../src/store/sqlite/sqlite_store.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** `dialtone …` with `stdin` piped in. */
async function dialtone(args: string[], stdin = "", env: Record<string, string> = {}) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", MAIN, ...args],
    env: { LOG_FORMAT: "json", ...env },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(stdin));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  const text = new TextDecoder();
  return { code, stdout: text.decode(stdout), stderr: text.decode(stderr) };
}

Deno.test("dialtone users reset-password: sets the password and ends the sessions", async () => {
  const server = await startTestServer();
  try {
    const alice = new Browser(server);
    assert.equal((await alice.signup("alice@example.com", "old-password-1")).status, 201);
    assert.equal((await alice.me()).status, 200);
    const data = ["--data-dir", server.dir];

    const reset = await dialtone(
      ["users", "reset-password", "Alice@Example.com", ...data],
      "new-password-2\n",
    );
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /Reset the password of alice@example\.com/);
    assert.equal((await alice.me()).status, 401, "the old session ended");
    const fresh = new Browser(server);
    assert.equal((await fresh.login("alice@example.com", "old-password-1")).status, 401);
    assert.equal((await fresh.login("alice@example.com", "new-password-2")).status, 200);

    const generated = await dialtone([
      "users",
      "reset-password",
      "alice@example.com",
      "--generate",
      ...data,
    ]);
    assert.equal(generated.code, 0, generated.stderr);
    const password = /shown only this once\): (\S+)/.exec(generated.stdout)?.[1];
    assert.ok(password && password.length >= 20, generated.stdout);
    assert.equal((await new Browser(server).login("alice@example.com", password)).status, 200);

    const weak = await dialtone(
      ["users", "reset-password", "alice@example.com", ...data],
      "short\n",
    );
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /at least 8 characters/);
    const nobody = await dialtone(
      ["users", "reset-password", "bob@example.com", ...data],
      "long-enough-1\n",
    );
    assert.equal(nobody.code, 1);
    assert.match(nobody.stderr, /no account has this email/);
    const missing = await dialtone(["users", "reset-password"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Missing the account's email/);
    const empty = await Deno.makeTempDir();
    const wrongDir = await dialtone(
      ["users", "reset-password", "alice@example.com", "--data-dir", empty],
      "long-enough-1\n",
    );
    assert.equal(wrongDir.code, 1);
    assert.match(wrongDir.stderr, /There is no database at/);
    assert.deepEqual([...Deno.readDirSync(empty)], [], "no database was created");
    await Deno.remove(empty);
  } finally {
    await server.stop();
  }
});

Deno.test("dialtone backup: a consistent, checked copy while the server runs", async () => {
  const server = await startTestServer();
  const out = await Deno.makeTempDir();
  try {
    const world = await createWorld(server.su);
    for (let i = 0; i < 20; i++) {
      await putConfig(server.su, world.projectId, `config-${i}`, state({ i }));
    }
    const target = `${out}/copy.db`;
    const run = await runDialtone(["backup", "--data-dir", server.dir, "--output", target], {});
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /Backed up .*dialtone\.db to .*copy\.db \(.* KiB, schema version \d+, 20 configs\)/,
    );
    const copy = await openSqliteStore(target);
    try {
      const names = await copy.read((tx) => tx.configs.list(world.projectId));
      assert.equal(names.length, 20);
    } finally {
      await copy.close();
    }
    const again = await runDialtone(["backup", "--data-dir", server.dir, "--output", target], {});
    assert.equal(again.code, 1);
    assert.match(again.stderr, /the file exists/);
    const byDefault = await runDialtone(["backup", "--data-dir", server.dir, "--json"], {});
    assert.equal(byDefault.code, 0, byDefault.stderr);
    const result = JSON.parse(byDefault.stdout);
    assert.match(result.target, /\/backups\/dialtone-\d{8}T\d{6}Z\.db$/);
    assert.equal(result.configs, 20);
    const pg = await runDialtone(["backup", "--database-url", "postgres://127.0.0.1:1/x"], {});
    assert.equal(pg.code, 1);
    assert.match(pg.stderr, /pg_dump/);
    const badSetting = await runDialtone(["backup", "--port", "nope"], {});
    assert.equal(badSetting.code, 2);
    assert.match(badSetting.stderr, /PORT/);
  } finally {
    await server.stop();
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("dialtone help lists the CLI; admin commands without a server exit 2", async () => {
  const help = await runDialtone(["help"], {});
  assert.equal(help.code, 0);
  for (
    const word of ["configs set", "import FILE", "codegen --lang", "users reset-password", "backup"]
  ) {
    assert.ok(help.stdout.includes(`dialtone ${word}`), `help mentions ${word}`);
  }
  const noServer = await runDialtone(["configs", "list"], { DIALTONE_CONFIG: "/nonexistent" });
  assert.equal(noServer.code, 2);
  assert.match(noServer.stderr, /No server to talk to/);
  const sub = await runDialtone(["keys", "--help"], {});
  assert.equal(sub.code, 0);
  assert.match(sub.stdout, /dialtone keys create --env ENV/);
});
