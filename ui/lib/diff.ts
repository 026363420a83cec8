// Line diff for the side-by-side history view: common prefix and suffix, then an LCS on
// what is left (bounded, so a huge value degrades to "this block changed").
export type Side = { n: number; text: string };
export type Row = { kind: "same" | "del" | "add" | "change"; left?: Side; right?: Side };

const MAX_CELLS = 4_000_000;

type Op = { kind: "same" | "del" | "add"; a?: number; b?: number };

export function diffLines(before: string, after: string): Row[] {
  const a = before.split("\n");
  const b = after.split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ kind: "same", a: i, b: i });
  ops.push(...middle(a, b, start, endA, endB));
  for (let i = 0; endA + i < a.length; i++) ops.push({ kind: "same", a: endA + i, b: endB + i });
  return toRows(ops, a, b);
}

function middle(a: string[], b: string[], start: number, endA: number, endB: number): Op[] {
  const n = endA - start;
  const m = endB - start;
  const ops: Op[] = [];
  if (n * m > MAX_CELLS || n === 0 || m === 0) {
    for (let i = start; i < endA; i++) ops.push({ kind: "del", a: i });
    for (let j = start; j < endB; j++) ops.push({ kind: "add", b: j });
    return ops;
  }
  // lcs[i][j] = LCS length of a[start+i..] and b[start+j..], as one flat array.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[start + i] === b[start + j]
        ? lcs[(i + 1) * w + j + 1]! + 1
        : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      ops.push({ kind: "same", a: start + i++, b: start + j++ });
    } else if (j < m && (i === n || lcs[i * w + j + 1]! >= lcs[(i + 1) * w + j]!)) {
      ops.push({ kind: "add", b: start + j++ });
    } else {
      ops.push({ kind: "del", a: start + i++ });
    }
  }
  return ops;
}

/** Pairs each run of deletions with the additions that follow into "change" rows. */
function toRows(ops: Op[], a: string[], b: string[]): Row[] {
  const rows: Row[] = [];
  const left = (i: number): Side => ({ n: i + 1, text: a[i]! });
  const right = (j: number): Side => ({ n: j + 1, text: b[j]! });
  for (let k = 0; k < ops.length;) {
    const op = ops[k]!;
    if (op.kind === "same") {
      rows.push({ kind: "same", left: left(op.a!), right: right(op.b!) });
      k++;
      continue;
    }
    const dels: number[] = [];
    const adds: number[] = [];
    while (k < ops.length && ops[k]!.kind !== "same") {
      const o = ops[k++]!;
      if (o.kind === "del") dels.push(o.a!);
      else adds.push(o.b!);
    }
    for (let x = 0; x < Math.max(dels.length, adds.length); x++) {
      const d = dels[x];
      const ad = adds[x];
      rows.push({
        kind: d !== undefined && ad !== undefined ? "change" : d !== undefined ? "del" : "add",
        left: d === undefined ? undefined : left(d),
        right: ad === undefined ? undefined : right(ad),
      });
    }
  }
  return rows;
}

export function countChanges(rows: Row[]): number {
  return rows.filter((r) => r.kind !== "same").length;
}
