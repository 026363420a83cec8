// 5. Evaluation: ns per evaluation of one config with 5 overrides, our evaluateValue beside the
// published @replanejs/sdk (InMemoryReplane set/get), interleaved in the same process.
import { InMemoryReplane } from "@replanejs/sdk";
import { evaluateValue } from "../src/domain/evaluate.ts";
import type { RenderedOverride, WireConfig } from "../src/domain/overrides.ts";
import type { BenchContext } from "./context.ts";
import { formatNs, median } from "./stats.ts";
import { allOf, judge, type Row } from "./table.ts";
import { infoRow, targetRow } from "./targets.ts";

const OVERRIDES: RenderedOverride[] = [
  {
    name: "Enterprise",
    conditions: [{ operator: "in", property: "plan", value: ["enterprise", "scale"] }],
    value: 1000,
  },
  {
    name: "Dutch beta",
    conditions: [
      { operator: "equals", property: "country", value: "NL" },
      { operator: "greater_than_or_equal", property: "appVersion", value: 42 },
    ],
    value: 500,
  },
  {
    name: "Canary",
    conditions: [{
      operator: "segmentation",
      property: "userId",
      fromPercentage: 0,
      toPercentage: 10,
      seed: "canary",
    }],
    value: 250,
  },
  {
    name: "Staff",
    conditions: [{
      operator: "or",
      conditions: [
        { operator: "equals", property: "email", value: "ops@example.com" },
        { operator: "in", property: "orgId", value: ["acme", "globex", "initech"] },
      ],
    }],
    value: 200,
  },
  {
    name: "Minors outside blocked regions",
    conditions: [
      { operator: "not", condition: { operator: "in", property: "country", value: ["XX", "YY"] } },
      { operator: "less_than", property: "age", value: 18 },
    ],
    value: 10,
  },
];

export const CONFIG: WireConfig = { name: "rate-limit", value: 100, overrides: OVERRIDES };

/** 64 deterministic contexts; about a third match no override, so all 5 are tried. */
export function contexts(): Record<string, unknown>[] {
  const plans = ["free", "pro", "enterprise"];
  const countries = ["NL", "DE", "US", "XX"];
  return Array.from({ length: 64 }, (_, i) => ({
    userId: `user-${i * 7919}`,
    plan: plans[i % 3],
    country: countries[i % 4],
    appVersion: 30 + (i % 20),
    orgId: i % 9 === 0 ? "acme" : `org-${i}`,
    email: `user${i}@example.com`,
    age: 12 + (i % 30),
  }));
}

function time(round: () => number, evaluations: number): number {
  const t0 = performance.now();
  const sink = round();
  const ns = ((performance.now() - t0) * 1e6) / evaluations;
  if (sink === -1) throw new Error("unreachable"); // keeps the results alive
  return ns;
}

export function evaluation(ctx: BenchContext): Promise<Row[]> {
  const ctxs = contexts();
  const sdk = new InMemoryReplane({ logger: { ...console, error: () => {} } as Console });
  sdk.set(CONFIG.name, CONFIG.value, { overrides: CONFIG.overrides as never });
  const mismatches =
    ctxs.filter((c) => sdk.get(CONFIG.name, { context: c as never }) !== evaluateValue(CONFIG, c))
      .length;

  const repeat = 2_000;
  const n = repeat * ctxs.length;
  const ours = () => {
    let s = 0;
    for (let k = 0; k < repeat; k++) for (const c of ctxs) s += evaluateValue(CONFIG, c) as number;
    return s;
  };
  const theirs = () => {
    let s = 0;
    for (let k = 0; k < repeat; k++) {
      for (const c of ctxs) s += sdk.get(CONFIG.name, { context: c as never }) as number;
    }
    return s;
  };
  // What the SDK's get() does around evaluation (a Map lookup, a context merge), added to ours,
  // to show how much of the gap is evaluation itself.
  const byName = new Map([[CONFIG.name, CONFIG]]);
  const base = {};
  const oursWrapped = () => {
    let s = 0;
    for (let k = 0; k < repeat; k++) {
      for (const c of ctxs) {
        s += evaluateValue(byName.get(CONFIG.name)!, { ...base, ...c }) as number;
      }
    }
    return s;
  };
  const rounds = ctx.quick ? 5 : 15;
  for (let i = 0; i < 3; i++) (time(ours, n), time(theirs, n), time(oursWrapped, n)); // JIT warm-up
  const a: number[] = [];
  const b: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(time(ours, n));
    b.push(time(theirs, n));
    w.push(time(oursWrapped, n));
  }
  const nsOurs = median(a);
  const nsSdk = median(b);
  const speedup = nsSdk / nsOurs;
  ctx.log(
    `  evaluateValue ${formatNs(nsOurs)}, @replanejs/sdk get ${formatNs(nsSdk)} (${
      speedup.toFixed(1)
    }×); ours with get()'s lookup and context merge ${
      formatNs(median(w))
    }; ${mismatches} of ${ctxs.length} contexts disagree`,
  );
  const note = mismatches > 0
    ? `${mismatches} of ${ctxs.length} contexts evaluated differently in the two (a bug)`
    : undefined;
  return Promise.resolve([
    targetRow(
      "evaluation",
      "in process",
      `${formatNs(nsOurs)}; ${speedup.toFixed(1)}× faster than the SDK`,
      allOf(
        judge(nsOurs, 500, "max"),
        judge(speedup, 2, "min"),
        mismatches === 0 ? "pass" : "miss",
      ),
      note,
    ),
    infoRow("@replanejs/sdk 1.0.4 InMemoryReplane.get, same config", "in process", formatNs(nsSdk)),
  ]);
}
