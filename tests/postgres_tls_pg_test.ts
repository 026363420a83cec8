// TLS to Postgres with libpq's sslmode meanings, against a private cluster with ssl=on whose
// certificate names only "localhost" and is signed by a test CA (made with openssl here).
import assert from "node:assert/strict";
import { isUnavailable } from "../src/store/db.ts";
import { openPostgresStore } from "../src/store/postgres/postgres_store.ts";
import { clusterUnavailable, type PgCluster, startCluster } from "./helpers/pg_cluster.ts";
import { startDialtone } from "./helpers/process.ts";
import { pgUnavailable, TEST_DATABASE_URL } from "./helpers/pg.ts";

async function openssl(dir: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command("openssl", { args, cwd: dir, stdin: "null" }).output();
  if (!out.success) throw new Error(`openssl ${args[0]}: ${new TextDecoder().decode(out.stderr)}`);
}

/** A CA, a server certificate for DNS:localhost signed by it, and an unrelated CA. */
async function certificates(dir: string) {
  const subj = (cn: string) => ["-subj", `/CN=${cn}`];
  const newKey = ["-newkey", "rsa:2048", "-nodes", "-days", "2"];
  await openssl(
    dir,
    "req",
    "-x509",
    ...newKey,
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    ...subj("CA"),
  );
  await openssl(dir, "req", "-x509", ...newKey, "-keyout", "o.key", "-out", "o.crt", ...subj("O"));
  await openssl(
    dir,
    "req",
    ...newKey,
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
    ...subj("db"),
  );
  await Deno.writeTextFile(`${dir}/ext.cnf`, "subjectAltName=DNS:localhost\n");
  await openssl(
    dir,
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "2",
    "-out",
    "server.crt",
    "-extfile",
    "ext.cnf",
  );
  const read = (name: string) => Deno.readTextFile(`${dir}/${name}`);
  return {
    ca: await read("ca.crt"),
    other: await read("o.crt"),
    cert: await read("server.crt"),
    key: await read("server.key"),
  };
}

const SSL_QUERY = `SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`;

Deno.test({
  name: "Postgres TLS follows sslmode: disable, prefer, require, verify-ca, verify-full",
  ignore: clusterUnavailable || pgUnavailable,
  fn: async (t) => {
    const dir = await Deno.makeTempDir({ prefix: "dialtone-tls-" });
    let cluster: PgCluster | null = null;
    try {
      const certs = await certificates(dir);
      cluster = await startCluster({
        settings: { ssl: "on", ssl_cert_file: "server.crt", ssl_key_file: "server.key" },
        files: { "server.crt": certs.cert, "server.key": certs.key },
      });
      const c = cluster;
      const byIp = (params: string) => c.url("postgres", params);
      const byName = (params: string) => byIp(params).replace("127.0.0.1", "localhost");

      /** Whether the connection is encrypted, or the error that stopped it. */
      const connect = async (url: string, sslCa?: string): Promise<boolean | Error> => {
        try {
          const store = await openPostgresStore({ url, sslCa, connectTimeoutSeconds: 3 });
          try {
            return await store.read(async (tx) =>
              (await tx.db.get<{ ssl: boolean }>(SSL_QUERY))!.ssl
            );
          } finally {
            await store.close();
          }
        } catch (error) {
          return error as Error;
        }
      };
      const refused = (result: boolean | Error, pattern: RegExp) => {
        assert.ok(result instanceof Error, `connected (ssl ${result}) but should not have`);
        assert.match(result.message, pattern);
        assert.equal(isUnavailable(result), false, "a certificate problem is no outage");
      };

      await t.step("without sslmode: TLS when the server offers it (libpq's prefer)", async () => {
        assert.equal(await connect(byIp("")), true);
        assert.equal(await connect(TEST_DATABASE_URL), false); // the shared server has no TLS
      });
      await t.step("disable and require", async () => {
        assert.equal(await connect(byIp("sslmode=disable")), false);
        assert.equal(await connect(byIp("sslmode=require")), true);
        const shared = new URL(TEST_DATABASE_URL);
        shared.searchParams.set("sslmode", "require");
        const plain = await connect(shared.toString());
        assert.ok(plain instanceof Error, "require refuses a server without TLS");
      });
      await t.step("verify-full checks the CA and the host name", async () => {
        assert.equal(await connect(byName("sslmode=verify-full"), certs.ca), true);
        refused(await connect(byIp("sslmode=verify-full"), certs.ca), /localhost|altnames/i);
        refused(await connect(byName("sslmode=verify-full"), certs.other), /certificate/i);
        refused(await connect(byName("sslmode=verify-full")), /certificate/i); // system CAs
        // A CA without sslmode means verify-full.
        refused(await connect(byIp(""), certs.ca), /localhost|altnames/i);
      });
      await t.step("verify-ca checks the CA only", async () => {
        assert.equal(await connect(byIp("sslmode=verify-ca"), certs.ca), true);
        refused(await connect(byIp("sslmode=verify-ca"), certs.other), /certificate/i);
      });

      await t.step(
        "a server process: DATABASE_SSL_CA, sslrootcert, both connections on TLS",
        async () => {
          await Deno.writeTextFile(`${dir}/ca.pem`, certs.ca);
          for (
            const env of <Record<string, string>[]> [
              { DATABASE_URL: byName("sslmode=verify-full"), DATABASE_SSL_CA: `${dir}/ca.pem` },
              { DATABASE_URL: byName(`sslmode=verify-full&sslrootcert=${dir}/ca.pem`) },
            ]
          ) {
            const data = await Deno.makeTempDir({ dir, prefix: "data-" });
            const server = await startDialtone({ ...env, DATA_DIR: data });
            try {
              const rows = await c.sql(
                `SELECT a.application_name, s.ssl FROM pg_stat_activity a
               JOIN pg_stat_ssl s USING (pid) WHERE a.application_name LIKE 'dialtone%'
               AND a.datname = 'postgres' ORDER BY 1`,
              );
              const lines = rows.trim().split("\n");
              assert.ok(lines.some((l) => l.startsWith("dialtone|")), rows);
              assert.ok(lines.some((l) => l.startsWith("dialtone-listen ")), rows);
              assert.ok(lines.every((l) => l.endsWith("|t")), `all encrypted:\n${rows}`);
            } finally {
              await server.stop();
            }
          }
        },
      );
    } finally {
      await cluster?.destroy();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
