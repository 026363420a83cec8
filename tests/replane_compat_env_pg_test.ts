// A Replane deployment's environment, given to real `dialtone` processes: the split
// DATABASE_* settings reach the database they name (migrate, then serve from it), a
// DATABASE_URL that disagrees with them is refused before anything is touched, Replane's own
// database is refused without a half-applied schema, Replane settings Dialtone ignores are
// named in warnings, and DATABASE_SSL_CA given as PEM text verifies a TLS server.
import assert from "node:assert/strict";
import postgres from "postgres";
import { SUPERUSER_KEY } from "./helpers/admin.ts";
import { clusterUnavailable, type PgCluster, startCluster } from "./helpers/pg_cluster.ts";
import { freshDatabase, pgUnavailable } from "./helpers/pg.ts";
import { runDialtone, startDialtone } from "./helpers/process.ts";

/** Replane's split settings for the database at `url`. */
function replaneEnv(url: string, extra: Record<string, string> = {}): Record<string, string> {
  const u = new URL(url);
  return {
    DATABASE_HOST: u.hostname,
    DATABASE_PORT: u.port || "5432",
    DATABASE_USER: decodeURIComponent(u.username),
    // Trust auth never asks for it; it still has to survive being put into a URL.
    DATABASE_PASSWORD: "p@ss/w:rd?#%",
    DATABASE_NAME: u.pathname.slice(1),
    SUPERUSER_API_KEY: SUPERUSER_KEY,
    SECRET_KEY: "replane-env-test-secret-key-0123456789",
    ...extra,
  };
}

async function tables(url: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' ORDER BY 1`;
    return rows.map((r) => r.name);
  } finally {
    await sql.end();
  }
}

Deno.test({
  name:
    "a Replane environment (split DATABASE_* settings) migrates and serves the database it names",
  ignore: pgUnavailable,
  fn: async (t) => {
    const target = await freshDatabase();
    const other = await freshDatabase();
    const dirs: string[] = [];
    const dataDir = async () => {
      const d = await Deno.makeTempDir({ prefix: "dialtone-replane-env-" });
      dirs.push(d);
      return d;
    };
    try {
      await t.step("dialtone migrate reaches the named database", async () => {
        const run = await runDialtone(
          ["migrate"],
          replaneEnv(target.url, { DATA_DIR: await dataDir() }),
        );
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stderr, /"storage":"postgres"/);
        const names = await tables(target.url);
        assert.ok(
          names.includes("schema_migrations") && names.includes("workspaces"),
          names.join(),
        );
        assert.deepEqual(await tables(other.url), [], "no other database is touched");
      });

      await t.step(
        "dialtone serve works on it and warns about ignored Replane settings",
        async () => {
          const env = replaneEnv(target.url, {
            DATA_DIR: await dataDir(),
            GITHUB_CLIENT_ID: "id",
            GITHUB_CLIENT_SECRET: "secret",
            MAGIC_LINK_ENABLED: "true",
          });
          const server = await startDialtone(env);
          try {
            const res = await fetch(`${server.url}/api/admin/v1/workspaces`, {
              method: "POST",
              headers: {
                authorization: `Bearer ${SUPERUSER_KEY}`,
                "content-type": "application/json",
              },
              body: JSON.stringify({ name: "From Replane env" }),
            });
            const created = await res.json();
            assert.equal(res.status, 201, JSON.stringify(created));
            const sql = postgres(target.url, { max: 1, onnotice: () => {} });
            try {
              const rows = await sql`SELECT name FROM workspaces WHERE id = ${String(created.id)}`;
              assert.deepEqual(rows.map((r) => r.name), ["From Replane env"]);
            } finally {
              await sql.end();
            }
            const warnings = server.output().split("\n").filter((l) =>
              l.includes('"level":"warn"')
            );
            for (const name of ["GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET", "MAGIC_LINK_ENABLED"]) {
              assert.equal(
                warnings.filter((w) => w.includes(`"msg":"${name} is set`)).length,
                1,
                name,
              );
            }
            assert.doesNotMatch(server.output(), /"secret"|p@ss/, "no setting's value is logged");
          } finally {
            assert.equal(await server.stop(), 0);
          }
        },
      );

      await t.step("DATABASE_URL and parts that disagree: exit 2, nothing touched", async () => {
        const env = {
          ...replaneEnv(target.url),
          DATABASE_URL: other.url,
          DATA_DIR: await dataDir(),
        };
        delete (env as Record<string, string>).DATABASE_PASSWORD;
        const run = await runDialtone(["migrate"], env);
        assert.equal(run.code, 2, run.stderr);
        assert.match(
          run.stderr,
          /DATABASE_NAME: "dialtone_t_\w+" differs from the name in DATABASE_URL/,
        );
        assert.deepEqual(await tables(other.url), []);
      });

      await t.step("Replane's own database: refused, no Dialtone table left behind", async () => {
        const sql = postgres(other.url, { max: 1, onnotice: () => {} });
        await sql`CREATE TABLE users (id uuid PRIMARY KEY, email text)`; // as Replane has
        await sql.end();
        const run = await runDialtone(
          ["migrate"],
          replaneEnv(other.url, { DATA_DIR: await dataDir() }),
        );
        assert.equal(run.code, 1, run.stderr);
        assert.match(
          run.stderr,
          /Cannot apply migration 1 \(init\): relation \\"users\\" already exists/,
        );
        assert.match(
          run.stderr,
          /Cannot migrate the Postgres database at .*give Dialtone an empty/,
        );
        const left = await tables(other.url);
        assert.ok(!left.includes("workspaces"), `rolled back: ${left.join()}`);
      });
    } finally {
      for (const d of dirs) await Deno.remove(d, { recursive: true }).catch(() => {});
      await target.drop();
      await other.drop();
    }
  },
});

async function openssl(dir: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command("openssl", { args, cwd: dir, stdin: "null" }).output();
  if (!out.success) throw new Error(`openssl ${args[0]}: ${new TextDecoder().decode(out.stderr)}`);
}

/** A CA, a server certificate for localhost it signed, and a CA that signed nothing. */
async function certificates(dir: string) {
  const key = ["-newkey", "rsa:2048", "-nodes", "-days", "2"];
  await openssl(
    dir,
    "req",
    "-x509",
    ...key,
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-subj",
    "/CN=ca",
  );
  await openssl(dir, "req", "-x509", ...key, "-keyout", "x.key", "-out", "x.crt", "-subj", "/CN=x");
  await openssl(dir, "req", ...key, "-keyout", "db.key", "-out", "db.csr", "-subj", "/CN=db");
  await Deno.writeTextFile(`${dir}/san.cnf`, "subjectAltName=DNS:localhost\n");
  await openssl(
    dir,
    ...["x509", "-req", "-in", "db.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial"],
    ...["-days", "2", "-out", "db.crt", "-extfile", "san.cnf"],
  );
  const read = (name: string) => Deno.readTextFile(`${dir}/${name}`);
  return {
    ca: await read("ca.crt"),
    stranger: await read("x.crt"),
    cert: await read("db.crt"),
    key: await read("db.key"),
  };
}

Deno.test({
  name: "DATABASE_SSL_CA as PEM text, as Replane takes it, verifies the Postgres server",
  ignore: clusterUnavailable,
  fn: async (t) => {
    const dir = await Deno.makeTempDir({ prefix: "dialtone-replane-tls-" });
    let cluster: PgCluster | null = null;
    try {
      const certs = await certificates(dir);
      cluster = await startCluster({
        settings: { ssl: "on", ssl_cert_file: "db.crt", ssl_key_file: "db.key" },
        files: { "db.crt": certs.cert, "db.key": certs.key },
      });
      const c = cluster;
      const url = c.url("postgres").replace("127.0.0.1", "localhost");
      const env = async (ca: string) =>
        replaneEnv(url, {
          DATABASE_SSL_CA: ca,
          DATA_DIR: await Deno.makeTempDir({ dir, prefix: "data-" }),
        });

      await t.step("the right CA: migrate, then serve over TLS", async () => {
        const run = await runDialtone(["migrate"], await env(certs.ca));
        assert.equal(run.code, 0, run.stderr);
        const server = await startDialtone(await env(certs.ca));
        try {
          const rows = await c.sql(
            `SELECT s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
             WHERE a.application_name LIKE 'dialtone%'`,
          );
          const lines = rows.trim().split("\n");
          assert.ok(lines.length >= 2 && lines.every((l) => l === "t"), `encrypted:\n${rows}`);
        } finally {
          await server.stop();
        }
      });

      await t.step("the same PEM pasted with literal \\n works too", async () => {
        const run = await runDialtone(
          ["migrate"],
          await env(certs.ca.trim().replaceAll("\n", "\\n")),
        );
        assert.equal(run.code, 0, run.stderr);
      });

      await t.step("a CA that did not sign the server's certificate is refused", async () => {
        const run = await runDialtone(["migrate"], await env(certs.stranger));
        assert.equal(run.code, 1, run.stderr);
        assert.match(run.stderr, /Cannot connect to Postgres .*certificate/i);
      });
    } finally {
      await cluster?.destroy();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
