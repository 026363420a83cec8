// Propagation through one relay hop (docs/relay.md), beside direct: an embedded primary and a
// relay process (UPSTREAM_URL) on the same machine. The same clients and writes as the
// propagation section; streams on the primary first, then the same number on the relay. Also
// how long an SDK-key deletion on the primary takes to end a stream on the relay.
import { adminUnavailable, adminWriter } from "./admin.ts";
import { withCluster } from "./cluster.ts";
import type { BenchContext } from "./context.ts";
import { type Case, runCase } from "./propagation_case.ts";
import { SMALL, WATCHED, watchedState } from "./seed.ts";
import { type Instance, startInstance, waitFor200 } from "./server.ts";
import { formatCount, formatMs, formatPercent, formatSummaryMs, summarize } from "./stats.ts";
import type { Row } from "./table.ts";
import { infoRow } from "./targets.ts";

const admin = async (url: string, key: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${url}/api/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
};

function cases(quick: boolean): Case[] {
  const base = { on: "A" as const, burstMs: 0, convergeTimeoutMs: 0 };
  return quick ? [{ ...base, streams: 1_000, writes: 10, spacingMs: 100 }] : [
    { ...base, streams: 1_000, writes: 30, spacingMs: 100 },
    { ...base, streams: 10_000, writes: 20, spacingMs: 400 },
  ];
}

/** Deletes fresh SDK keys on the primary; the time until the relay ends each key's stream. */
async function revocation(
  primary: Instance,
  relay: Instance,
  adminKey: string,
  projectId: string,
  environmentId: string,
  rounds: number,
): Promise<number[]> {
  const took: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const made = await admin(primary.url, adminKey, "POST", `/projects/${projectId}/sdk-keys`, {
      name: `revoke-${i}`,
      environmentId,
    });
    await waitFor200(`${relay.url}/api/sdk/v1/configs`, 10_000, {
      headers: { authorization: `Bearer ${made.key}` },
    });
    const res = await fetch(`${relay.url}/api/sdk/v1/replication/stream`, {
      method: "POST",
      headers: { authorization: `Bearer ${made.key}`, "content-type": "application/json" },
      body: JSON.stringify({ currentConfigs: [], requiredConfigs: [] }),
    });
    const reader = res.body!.getReader();
    await reader.read();
    const ended = (async () => {
      while (!(await reader.read()).done) { /* frames until the end */ }
      return performance.now();
    })();
    const start = performance.now();
    await admin(primary.url, adminKey, "DELETE", `/projects/${projectId}/sdk-keys/${made.id}`);
    took.push((await ended) - start);
  }
  return took;
}

export async function relay(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  await withCluster(ctx, "embedded", [SMALL], async (cl) => {
    const project = cl.projects[0]!;
    const writer = adminWriter(cl.writer.url, cl.adminKey, project.projectId);
    const problem = await adminUnavailable(writer, WATCHED, watchedState(0));
    if (problem) throw new Error(problem);
    const { workspaceId } = await admin(
      cl.writer.url,
      cl.adminKey,
      "GET",
      `/projects/${project.projectId}`,
    );
    const made = await admin(
      cl.writer.url,
      cl.adminKey,
      "POST",
      `/workspaces/${workspaceId}/relay-keys`,
      {
        name: "bench",
        projectIds: [project.projectId],
      },
    );
    const edge = await startInstance({
      name: "relay",
      env: { UPSTREAM_URL: cl.writer.url, UPSTREAM_KEY: made.key, LOG_LEVEL: "warn" },
    });
    try {
      await waitFor200(`${edge.url}/api/sdk/v1/configs`, 30_000, {
        headers: { authorization: `Bearer ${project.sdkKey}` },
      });
      let seq = 0;
      for (const c of cases(ctx.quick)) {
        for (const [where, target] of [["direct", cl.writer], ["one relay hop", edge]] as const) {
          ctx.signal.throwIfAborted();
          ctx.log(`  ${where}: ${formatCount(c.streams)} streams, ${c.writes} writes`);
          const setup = { instances: [cl.writer, edge], targets: [target], key: project.sdkKey };
          const out = await runCase(ctx, setup, writer, c, seq);
          seq = out.lastSeq;
          const r = out.result;
          ctx.log(`    from 2xx: ${formatSummaryMs(r.fromAck)}`);
          const share = r.streams === 0 ? 0 : r.complete / r.streams;
          rows.push(infoRow(
            `Propagation p50/p99, write 2xx → SDK, ${formatCount(c.streams)} streams`,
            `embedded, ${where}`,
            `p50 ${formatMs(r.fromAck?.p50 ?? NaN)}, p99 ${formatMs(r.fromAck?.p99 ?? NaN)}; ${
              formatPercent(share)
            } of ${formatCount(r.streams)} got all ${c.writes}`,
          ));
        }
      }
      const took = await revocation(
        cl.writer,
        edge,
        cl.adminKey,
        project.projectId,
        project.environmentId,
        ctx.quick ? 5 : 20,
      );
      const s = summarize(took)!;
      ctx.log(`  revocation through the relay: ${formatSummaryMs(s)}`);
      rows.push(infoRow(
        "SDK key deletion → its stream on the relay ends",
        "embedded, one relay hop",
        `p50 ${formatMs(s.p50)}, max ${formatMs(s.max)} over ${took.length} deletions`,
      ));
    } finally {
      await edge.stop();
    }
  });
  return rows;
}
