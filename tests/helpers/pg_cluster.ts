// A private PostgreSQL cluster for tests that stop and start Postgres (the shared one on :5432
// serves tests running in parallel). initdb refuses to run as root, so as root every command
// runs as the `postgres` OS user in a directory it owns. Without the binaries the tests that use
// this are skipped locally; under CI=true they fail.

const BIN_ROOT = "/usr/lib/postgresql";

function findBinDir(): string | null {
  try {
    const versions = [...Deno.readDirSync(BIN_ROOT)]
      .map((e) => e.name)
      .filter((n) => /^\d+$/.test(n))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const dir = `${BIN_ROOT}/${v}/bin`;
      try {
        Deno.statSync(`${dir}/initdb`);
        return dir;
      } catch { /* next version */ }
    }
  } catch { /* no Debian layout */ }
  return null;
}

const BIN = findBinDir();
const AS_ROOT = Deno.uid() === 0;

if (BIN === null && Deno.env.get("CI") === "true") {
  throw new Error(`Private Postgres clusters need initdb and pg_ctl under ${BIN_ROOT}/*/bin`);
}

/** Pass as `ignore` to Deno.test: true only without the Postgres binaries outside CI. */
export const clusterUnavailable = BIN === null;

export type ClusterOptions = {
  /** Extra `-c name=value` server settings, such as ssl=on. */
  settings?: Record<string, string>;
  /** Files the server reads (certificates): written into its data directory, owned by it. */
  files?: Record<string, string>;
};

export type PgCluster = {
  port: number;
  dir: string;
  url(database?: string, params?: string): string;
  start(): Promise<void>;
  /** "fast" disconnects clients cleanly; "immediate" is a crash. */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** Stops it (if running) and deletes its files. */
  destroy(): Promise<void>;
  sql(statement: string, database?: string): Promise<string>;
};

async function run(cmd: string, args: string[], check = true): Promise<string> {
  const [exe, argv] = AS_ROOT ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  const out = await new Deno.Command(exe, { args: argv, stdin: "null" }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (check && !out.success) throw new Error(`${cmd} ${args.join(" ")} failed:\n${text}`);
  return text;
}

export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const out = await new Deno.Command("id", { args: ["postgres"] }).output();
  const text = new TextDecoder().decode(out.stdout);
  const uid = Number(/uid=(\d+)/.exec(text)?.[1]);
  const gid = Number(/gid=(\d+)/.exec(text)?.[1]);
  if (!out.success || Number.isNaN(uid)) throw new Error("Cannot find the postgres OS user");
  return { uid, gid };
}

/** initdb into a temporary directory and start the server on a free port. */
export async function startCluster(options: ClusterOptions = {}): Promise<PgCluster> {
  if (BIN === null) throw new Error("No Postgres binaries for a private cluster");
  const dir = await Deno.makeTempDir({ prefix: "dialtone-pgc-" });
  const ids = AS_ROOT ? await postgresIds() : null;
  const own = async (path: string) => {
    if (ids) await Deno.chown(path, ids.uid, ids.gid);
  };
  await own(dir);
  const data = `${dir}/data`;
  const port = freePort();
  const settings: Record<string, string> = {
    listen_addresses: "127.0.0.1",
    fsync: "off",
    max_connections: "60",
    ...options.settings,
  };
  const serverArgs = [`-p ${port}`, `-k ${dir}`]
    .concat(Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`))
    .join(" ");
  let running = false;
  const cluster: PgCluster = {
    port,
    dir,
    url: (database = "postgres", params = "") =>
      `postgres://postgres@127.0.0.1:${port}/${database}${params ? `?${params}` : ""}`,
    start: async () => {
      await run(`${BIN}/pg_ctl`, ["-D", data, "-o", serverArgs, "-l", `${dir}/log`, "-w", "start"]);
      running = true;
    },
    stop: async (mode = "fast") => {
      await run(`${BIN}/pg_ctl`, ["-D", data, "-m", mode, "-w", "stop"]);
      running = false;
    },
    destroy: async () => {
      if (running) await run(`${BIN}/pg_ctl`, ["-D", data, "-m", "immediate", "-w", "stop"], false);
      running = false;
      await Deno.remove(dir, { recursive: true });
    },
    sql: (statement, database = "postgres") =>
      run(`${BIN}/psql`, [
        "-h",
        "127.0.0.1",
        "-p",
        String(port),
        "-U",
        "postgres",
        "-d",
        database,
        "-XAtq",
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        statement,
      ]),
  };
  try {
    await run(`${BIN}/initdb`, [
      "-D",
      data,
      "-A",
      "trust",
      "-U",
      "postgres",
      "-E",
      "UTF8",
      "--no-sync",
      "--no-instructions",
    ]);
    for (const [name, text] of Object.entries(options.files ?? {})) {
      await Deno.writeTextFile(`${data}/${name}`, text, { mode: 0o600 });
      await own(`${data}/${name}`);
    }
    await cluster.start();
  } catch (error) {
    await cluster.destroy().catch(() => {});
    throw error;
  }
  return cluster;
}
