import assert from "node:assert/strict";
import { openSqliteStore } from "../src/store/sqlite/sqlite_store.ts";
import { runDialtone, startDialtone } from "./helpers/process.ts";

Deno.test("dialtone serve answers the health check, keeps ./data, and stops on SIGTERM", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-serve-" });
  try {
    const dataDir = `${dir}/data`;
    const first = await startDialtone({ DATA_DIR: dataDir });
    const health = await fetch(`${first.url}/api/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: "ok" });
    const port = new URL(first.url).port;
    assert.equal((await runDialtone(["healthcheck"], { PORT: port })).code, 0);
    assert.equal(await first.stop(), 0);
    assert.match(first.output(), /"msg":"Dialtone stopped"/);

    const secret = await Deno.readTextFile(`${dataDir}/secret_key`);
    const store = await openSqliteStore(`${dataDir}/dialtone.db`);
    await store.write((tx) => tx.workspaces.create("Kept"));
    await store.close();

    const second = await startDialtone({ DATA_DIR: dataDir });
    assert.equal((await fetch(`${second.url}/api/health`)).status, 200);
    assert.equal(await second.stop(), 0);
    assert.equal(await Deno.readTextFile(`${dataDir}/secret_key`), secret);
    const reopened = await openSqliteStore(`${dataDir}/dialtone.db`);
    const names = (await reopened.read((tx) => tx.workspaces.list())).map((w) => w.name);
    await reopened.close();
    assert.deepEqual(names, ["Kept"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("HEALTHCHECK_PATH moves the health check", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-health-" });
  const server = await startDialtone({ DATA_DIR: dir, HEALTHCHECK_PATH: "/healthz" });
  try {
    const res = await fetch(`${server.url}/healthz`);
    assert.deepEqual(await res.json(), { status: "ok" });
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bad settings exit with code 2 and name every variable", async () => {
  const result = await runDialtone(["serve", "--log-level", "loud"], {
    PORT: "abc",
    DATABASE_URL: "mysql://x",
  });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /PORT: must be a whole number/);
  assert.match(result.stderr, /DATABASE_URL: must be a URL/);
  assert.match(result.stderr, /LOG_LEVEL/);
});

Deno.test("an unreachable DATABASE_URL fails fast with a clear message", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dialtone-nopg-" });
  try {
    const result = await runDialtone([], {
      DATA_DIR: dir,
      DATABASE_URL: "postgres://postgres:hunter2@127.0.0.1:1/none",
    });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /Cannot connect to Postgres at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1/,
    );
    assert.doesNotMatch(result.stderr, /hunter2/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dialtone version, help, and unknown commands", async () => {
  const version = await runDialtone(["version"], {});
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  const help = await runDialtone(["help"], {});
  assert.match(help.stdout, /SUPERUSER_API_KEY/);
  assert.match(help.stdout, /dialtone migrate/);
  const down = await runDialtone(["healthcheck"], { PORT: "1" });
  assert.equal(down.code, 1);
  const unknown = await runDialtone(["frobnicate"], {});
  assert.equal(unknown.code, 2);
});
