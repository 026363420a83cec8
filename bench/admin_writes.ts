// 4. Admin writes: config updates per second and their latency on each store, with 1 and with
// 4 closed-loop writers (each on its own config: the API has no conflict-free concurrent PUT
// to one config without baseVersion). No SDK streams are open; fan-out is measured in
// propagation.ts.
import { adminUnavailable, adminWriter, writeLoop } from "./admin.ts";
import { withCluster } from "./cluster.ts";
import type { BenchContext } from "./context.ts";
import { SMALL, writerConfig, writerState } from "./seed.ts";
import { formatCount, formatMs, summarize } from "./stats.ts";
import type { Row } from "./table.ts";
import { infoRow } from "./targets.ts";

const METRIC = "Admin config PUTs";

export async function adminWrites(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const durationMs = ctx.quick ? 1_500 : 4_000;
  for (const mode of ctx.modes) {
    const store = mode === "embedded" ? "SQLite" : "Postgres";
    if (mode === "postgres" && ctx.postgresProblem) {
      rows.push(
        infoRow(METRIC, store, "—", `not run: Postgres unreachable: ${ctx.postgresProblem}`),
      );
      continue;
    }
    await withCluster(ctx, mode, [SMALL], async (cl) => {
      const writer = adminWriter(cl.writer.url, cl.adminKey, cl.projects[0]!.projectId);
      const problem = await adminUnavailable(writer, writerConfig(0), writerState(0, 0));
      if (problem) {
        return void rows.push({ ...infoRow(METRIC, store, "—", problem), verdict: "not run" });
      }
      await writeLoop(
        writer,
        1,
        300,
        (w, seq) => ({ name: writerConfig(w), state: writerState(w, seq) }),
      );
      for (const writers of [1, 4]) {
        ctx.signal.throwIfAborted();
        const cpu0 = await cl.writer.cpuMs();
        const { latencies, elapsedMs } = await writeLoop(
          writer,
          writers,
          durationMs,
          (w, seq) => ({ name: writerConfig(w), state: writerState(w, seq) }),
        );
        const cpuPerWrite = (await cl.writer.cpuMs() - cpu0) / latencies.length;
        const s = summarize(latencies)!;
        const rate = latencies.length / (elapsedMs / 1000);
        ctx.log(
          `  ${store}, ${writers} writer(s): ${formatCount(rate)}/s, p50 ${formatMs(s.p50)}, p99 ${
            formatMs(s.p99)
          }, max ${formatMs(s.max)}; server CPU ${formatMs(cpuPerWrite)} per write`,
        );
        rows.push(
          infoRow(
            `${METRIC}, ${writers} writer${writers > 1 ? "s" : ""}`,
            mode === "embedded" ? "embedded (SQLite)" : "postgres (A)",
            `${formatCount(rate)}/s, p50 ${formatMs(s.p50)}, p99 ${formatMs(s.p99)}`,
          ),
        );
      }
    });
  }
  return rows;
}
