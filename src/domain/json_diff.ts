// A structural diff of two JSON values, for comparing config versions. Objects are compared
// key by key, arrays index by index; anything else is equal or "changed" as a whole.

import type { Json } from "./overrides.ts";

export type JsonChange =
  | { path: string; kind: "added"; after: Json }
  | { path: string; kind: "removed"; before: Json }
  | { path: string; kind: "changed"; before: Json; after: Json };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function child(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === "" ? key : `${path}.${key}`;
}

const isObject = (v: Json | undefined): v is { [key: string]: Json } =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Changes that turn `before` into `after`, in document order, at most `limit` of them.
 * Paths look like `base.value.limits[0]` or `variants["env-id"].value`.
 */
export function diffJson(before: Json, after: Json, limit = 1000): JsonChange[] {
  const out: JsonChange[] = [];
  const walk = (a: Json | undefined, b: Json | undefined, path: string): void => {
    if (out.length >= limit) return;
    if (a === undefined && b !== undefined) {
      out.push({ path, kind: "added", after: b });
    } else if (b === undefined && a !== undefined) {
      out.push({ path, kind: "removed", before: a });
    } else if (a === undefined || b === undefined) {
      return;
    } else if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], child(path, i));
    } else if (isObject(a) && isObject(b)) {
      const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.hasOwn(a, k))];
      for (const k of keys) {
        walk(
          Object.hasOwn(a, k) ? a[k] : undefined,
          Object.hasOwn(b, k) ? b[k] : undefined,
          child(path, k),
        );
      }
    } else if (!Object.is(a, b)) {
      out.push({ path, kind: "changed", before: a, after: b });
    }
  };
  walk(before, after, "");
  return out;
}
