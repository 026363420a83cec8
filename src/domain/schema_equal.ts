// JSON equality for the schema interpreter (enum, const, uniqueItems), with its work counted.
// uniqueItems compares canonical texts through a Map, so it takes linear time where pairwise
// comparison (ajv's way for arrays of objects) would take n² steps.

/** Counts work units; throws once there were more than `limit` (see schema_validate.ts). */
export type Meter = { work: number; limit: number };

export class SchemaWorkExceeded extends Error {
  constructor(readonly limit: number) {
    super(`checking the value against the schema takes more than ${limit} steps`);
    this.name = "SchemaWorkExceeded";
  }
}

export function spend(m: Meter, units: number) {
  m.work += units;
  if (m.work > m.limit) throw new SchemaWorkExceeded(m.limit);
}

// Comparing or serializing text costs about one unit per 64 characters.
const textCost = (v: unknown) => typeof v === "string" ? 1 + (v.length >> 6) : 1;

export function deepEqual(m: Meter, a: unknown, b: unknown): boolean {
  spend(m, typeof a === typeof b ? textCost(a) : 1);
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(m, a[i], other[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  spend(m, keys.length);
  for (const k of keys) {
    if (!Object.hasOwn(y, k) || !deepEqual(m, x[k], y[k])) return false;
  }
  return true;
}

/** JSON text with object keys sorted, so equal values give equal text. */
export function canonicalJson(m: Meter, v: unknown): string {
  if (typeof v !== "object" || v === null) {
    spend(m, textCost(v));
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) {
    spend(m, v.length + 1);
    return `[${v.map((x) => canonicalJson(m, x)).join(",")}]`;
  }
  const keys = Object.keys(v).sort();
  spend(m, keys.length + 1);
  const o = v as Record<string, unknown>;
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(m, o[k])}`).join(",")}}`;
}
