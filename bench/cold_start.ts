// 6. Cold start: from spawning `deno run main.ts serve` to the first 200 from the health check,
// with 10,000 configs seeded once. The first start also builds the replica; the later ones find
// it warm. Then, per start, the time until the SDK snapshot answers with every config. A bare
// Deno.serve started the same way is the runtime's floor.
import { removeDir, tempDir, trackChild } from "./cleanup.ts";
import type { BenchContext, Mode } from "./context.ts";
import { freshDatabase } from "./pg.ts";
import { MANY, seedPrimary } from "./seed.ts";
import { startInstance } from "./server.ts";
import { formatMs, median } from "./stats.ts";
import { judge, type Row } from "./table.ts";
import { infoRow, notRun, targetRow } from "./targets.ts";

type Start = { healthyMs: number; sdkReadyMs: number };

async function startOnce(
  env: Record<string, string>,
  dataDir: string,
  key: string,
  configs: number,
) {
  const instance = await startInstance({
    name: "cold",
    env,
    dataDir,
    pollMs: 2,
    timeoutMs: 60_000,
  });
  try {
    const healthyMs = instance.readyMs;
    let sdkReadyMs = NaN;
    const t0 = performance.now();
    const end = t0 + 30_000;
    while (performance.now() < end) {
      const res = await fetch(`${instance.url}/api/sdk/v1/configs`, {
        headers: { Authorization: `Bearer ${key}` },
      });
      const body = await res.text();
      if (res.status === 200 && body.split(`"name":`).length - 1 >= configs) {
        sdkReadyMs = healthyMs + (performance.now() - t0);
        break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    return { healthyMs, sdkReadyMs };
  } finally {
    await instance.stop();
  }
}

async function runMode(ctx: BenchContext, mode: Mode, runs: number): Promise<Row[]> {
  const dataDir = await tempDir("cold");
  let drop: (() => Promise<void>) | null = null;
  try {
    const env: Record<string, string> = {};
    const t0 = performance.now();
    let seeded;
    if (mode === "embedded") {
      seeded = (await seedPrimary({ dataDir }, [MANY]))[0]!;
    } else {
      const db = await freshDatabase();
      drop = db.drop;
      env.DATABASE_URL = db.url;
      seeded = (await seedPrimary({ databaseUrl: db.url }, [MANY]))[0]!;
    }
    ctx.log(
      `  ${mode}: seeded ${seeded.configCount} configs in ${formatMs(performance.now() - t0)}`,
    );
    const starts: Start[] = [];
    for (let i = 0; i <= runs; i++) {
      ctx.signal.throwIfAborted();
      starts.push(await startOnce(env, dataDir, seeded.sdkKey, seeded.configCount));
    }
    const [first, ...warm] = starts;
    const healthy = median(warm.map((s) => s.healthyMs));
    const sdk = median(warm.map((s) => s.sdkReadyMs));
    ctx.log(
      `    first start (replica built): healthy ${formatMs(first!.healthyMs)}, SDK ready ${
        formatMs(first!.sdkReadyMs)
      }`,
    );
    ctx.log(`    warm starts: healthy ${warm.map((s) => formatMs(s.healthyMs)).join(", ")}`);
    const where = mode === "embedded" ? "embedded" : "postgres";
    return [
      targetRow(
        "coldStart",
        `${where}, warm replica`,
        `median ${formatMs(healthy)} of ${warm.length} (SDK snapshot complete ${formatMs(sdk)})`,
        judge(healthy, 300, "max"),
      ),
      infoRow(
        "First start, replica built from the primary (10,000 configs)",
        where,
        `healthy ${formatMs(first!.healthyMs)}, SDK snapshot complete ${
          formatMs(first!.sdkReadyMs)
        }`,
      ),
    ];
  } finally {
    await removeDir(dataDir);
    if (drop) await drop().catch(() => {});
  }
}

async function bareFloor(runs: number): Promise<Row> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const bare = await startInstance({ name: "bare-cold", env: {}, bare: true, pollMs: 2 });
    times.push(bare.readyMs);
    await bare.stop();
  }
  return infoRow(
    "Bare Deno.serve: spawn to first 200",
    "floor",
    `median ${formatMs(median(times))} of ${runs}`,
  );
}

/** `deno run main.ts version`: loading Dialtone's module graph, then exiting. */
async function moduleLoad(runs: number): Promise<Row> {
  const main = new URL("../main.ts", import.meta.url).pathname;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const command = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", main, "version"],
      stdout: "null",
      stderr: "null",
    });
    const child = trackChild(command.spawn());
    await child.status;
    times.push(performance.now() - t0);
  }
  const metric = "`main.ts version`: spawn to exit (module graph load)";
  return infoRow(metric, "floor", `median ${formatMs(median(times))} of ${runs}`);
}

export async function coldStart(ctx: BenchContext): Promise<Row[]> {
  const runs = ctx.quick ? 3 : 8;
  const rows: Row[] = [];
  for (const mode of ctx.modes) {
    if (mode === "postgres" && ctx.postgresProblem) {
      rows.push(notRun("coldStart", mode, `Postgres unreachable: ${ctx.postgresProblem}`));
      continue;
    }
    rows.push(...await runMode(ctx, mode, runs));
  }
  rows.push(await bareFloor(runs));
  ctx.log(`  bare Deno.serve, spawn to first 200: ${rows[rows.length - 1]!.measured}`);
  rows.push(await moduleLoad(runs));
  ctx.log(`  main.ts version, spawn to exit: ${rows[rows.length - 1]!.measured}`);
  return rows;
}
