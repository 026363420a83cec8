// Scheduled changes: how long after its due time a change scheduled 2 s ahead is applied (the
// scheduler's timer to the next due item, the claim and the write). In Postgres mode both
// instances race for each item. Server timestamps (dueAt, firedAt) on this one machine.
import { withCluster } from "./cluster.ts";
import { type BenchContext, sleep } from "./context.ts";
import { SMALL } from "./seed.ts";
import { formatMs, summarize } from "./stats.ts";
import type { Row } from "./table.ts";
import { infoRow } from "./targets.ts";

const METRIC = "Scheduled change, 2 s ahead: applied after its time";

async function admin(url: string, key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}/api/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function schedules(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const rounds = ctx.quick ? 3 : 6;
  for (const mode of ctx.modes) {
    const store = mode === "embedded" ? "embedded (SQLite)" : "postgres (A and B race)";
    if (mode === "postgres" && ctx.postgresProblem) {
      rows.push(
        infoRow(METRIC, store, "—", `not run: Postgres unreachable: ${ctx.postgresProblem}`),
      );
      continue;
    }
    await withCluster(ctx, mode, [SMALL], async (cl) => {
      const { url } = cl.writer;
      const p = cl.projects[0]!.projectId;
      await admin(url, cl.adminKey, "POST", `/projects/${p}/configs`, {
        name: "bench-scheduled",
        base: { value: 0 },
      });
      const lags: number[] = [];
      for (let i = 1; i <= rounds; i++) {
        ctx.signal.throwIfAborted();
        const made = await admin(
          url,
          cl.adminKey,
          "POST",
          `/projects/${p}/configs/bench-scheduled/schedules`,
          {
            at: new Date(Date.now() + 2_000).toISOString(),
            config: { base: { value: i } },
            onConflict: "apply",
          },
        );
        const id = made.schedules[0].id as string;
        await sleep(1_900);
        for (let tries = 0; tries < 200; tries++) {
          const s = await admin(url, cl.adminKey, "GET", `/projects/${p}/schedules/${id}`);
          if (s.status !== "pending") {
            if (s.status !== "applied") throw new Error(`schedule ${id} ${s.status}: ${s.failure}`);
            lags.push(Date.parse(s.firedAt) - Date.parse(s.dueAt));
            break;
          }
          await sleep(10);
        }
      }
      const s = summarize(lags)!;
      ctx.log(`  ${store}: ${lags.length} items, p50 ${formatMs(s.p50)}, max ${formatMs(s.max)}`);
      rows.push(
        infoRow(METRIC, store, `p50 ${formatMs(s.p50)}, max ${formatMs(s.max)}`, "bound: 1 s"),
      );
    });
  }
  return rows;
}
