// The one table `deno task bench` prints: each measured number beside its TARGETS.md target.

export type Verdict = "pass" | "miss" | "info" | "not run";

export type Row = {
  metric: string;
  mode: string;
  measured: string;
  target: string;
  replane: string;
  verdict: Verdict;
  /** Why a row was not run, or what qualifies the number. */
  note?: string;
};

/** pass when `value` is on the right side of `limit`; "not run" when there is no value. */
export function judge(
  value: number | null | undefined,
  limit: number,
  kind: "max" | "min",
): Verdict {
  if (value === null || value === undefined || Number.isNaN(value)) return "not run";
  return (kind === "max" ? value <= limit : value >= limit) ? "pass" : "miss";
}

/** Every verdict must pass for the row to pass. */
export function allOf(...verdicts: Verdict[]): Verdict {
  if (verdicts.includes("not run")) return "not run";
  return verdicts.every((v) => v === "pass" || v === "info") ? "pass" : "miss";
}

const HEADERS = ["Metric", "Mode", "Measured", "Target", "Replane v1.2.3", "Verdict"] as const;

function cells(r: Row): string[] {
  return [r.metric, r.mode, r.measured, r.target, r.replane, r.verdict];
}

/** A Markdown table with padded columns, then numbered notes for rows that carry one. */
export function renderTable(rows: Row[]): string {
  const notes: string[] = [];
  const body = rows.map((r) => {
    const c = cells(r).map((x) => x.replaceAll("|", "\\|"));
    if (r.note) {
      notes.push(r.note);
      c[5] = `${c[5]} [${notes.length}]`;
    }
    return c;
  });
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((c) => width(c[i]!))));
  const line = (c: readonly string[]) =>
    `| ${c.map((x, i) => x + " ".repeat(widths[i]! - width(x))).join(" | ")} |`;
  const out = [line(HEADERS), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`];
  for (const c of body) out.push(line(c));
  if (notes.length > 0) out.push("", ...notes.map((n, i) => `[${i + 1}] ${n}`));
  return out.join("\n");
}

/** Display width: code points, so "µ" and "≤" count once. */
function width(s: string): number {
  return [...s].length;
}

/** Counts per verdict, for the closing line. */
export function tally(rows: Row[]): Record<Verdict, number> {
  const t: Record<Verdict, number> = { pass: 0, miss: 0, info: 0, "not run": 0 };
  for (const r of rows) t[r.verdict]++;
  return t;
}
