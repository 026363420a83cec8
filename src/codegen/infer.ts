// Types for configs without a JSON Schema, inferred from every value the config can take
// (base, overrides, variants). Pure: the dashboard bundles it.
import { type Property, type TypeNode, union } from "./model.ts";

// Internal: the items of an empty array, absorbed by any other type.
const EMPTY = { kind: "empty" } as const;
type Inferred = TypeNode | typeof EMPTY;

/** The narrowest type that holds every one of `values`. */
export function inferType(values: readonly unknown[]): TypeNode {
  let node: Inferred = EMPTY;
  for (const v of values) node = merge(node, ofValue(v));
  return finish(node);
}

function ofValue(v: unknown): Inferred {
  if (v === null) return { kind: "null" };
  if (typeof v === "boolean") return { kind: "boolean" };
  if (typeof v === "number") return { kind: Number.isInteger(v) ? "integer" : "number" };
  if (typeof v === "string") return { kind: "string" };
  if (Array.isArray(v)) {
    let items: Inferred = EMPTY;
    for (const x of v) items = merge(items, ofValue(x));
    return { kind: "array", items: items as TypeNode };
  }
  if (typeof v === "object") {
    const properties: Property[] = Object.entries(v as Record<string, unknown>).map((
      [name, x],
    ) => ({ name, type: ofValue(x) as TypeNode, required: true }));
    return { kind: "object", properties, additional: null };
  }
  return { kind: "unknown" };
}

/** A type that holds both; values of the same shape merge, others form a union. */
function merge(a: Inferred, b: Inferred): Inferred {
  if (a.kind === "empty") return b;
  if (b.kind === "empty") return a;
  if (a.kind === "union" || b.kind === "union") {
    let members = a.kind === "union" ? [...a.members] : [a];
    for (const m of b.kind === "union" ? b.members : [b]) members = addMember(members, m);
    return members.length === 1 ? members[0]! : { kind: "union", members };
  }
  const merged = mergeSame(a, b);
  return merged ?? { kind: "union", members: [a, b] };
}

function addMember(members: TypeNode[], m: TypeNode): TypeNode[] {
  for (let i = 0; i < members.length; i++) {
    const merged = mergeSame(members[i]!, m);
    if (merged) return members.map((x, j) => (j === i ? merged : x));
  }
  return [...members, m];
}

/** The merge of two types of one family (numbers, arrays, objects, …), else null. */
function mergeSame(a: TypeNode, b: TypeNode): TypeNode | null {
  const numeric = (k: string) => k === "integer" || k === "number";
  if (numeric(a.kind) && numeric(b.kind)) {
    return { kind: a.kind === "integer" && b.kind === "integer" ? "integer" : "number" };
  }
  if (a.kind === "array" && b.kind === "array") {
    return { kind: "array", items: merge(a.items, b.items) as TypeNode };
  }
  if (a.kind === "object" && b.kind === "object") {
    const names = [
      ...a.properties.map((p) => p.name),
      ...b.properties.map((p) => p.name).filter((n) => !a.properties.some((p) => p.name === n)),
    ];
    const properties = names.map((name): Property => {
      const pa = a.properties.find((p) => p.name === name);
      const pb = b.properties.find((p) => p.name === name);
      if (!pa || !pb) return { ...(pa ?? pb)!, required: false };
      return {
        name,
        type: merge(pa.type, pb.type) as TypeNode,
        required: pa.required && pb.required,
      };
    });
    return { kind: "object", properties, additional: null };
  }
  if (a.kind === b.kind && a.kind !== "union") return a;
  return null;
}

/** Replaces what is left of EMPTY (arrays that were always empty) with unknown. */
function finish(node: Inferred): TypeNode {
  switch (node.kind) {
    case "empty":
      return { kind: "unknown" };
    case "array":
      return { kind: "array", items: finish(node.items) };
    case "object":
      return {
        ...node,
        properties: node.properties.map((p) => ({ ...p, type: finish(p.type) })),
      };
    case "union":
      return union(node.members.map(finish));
    default:
      return node;
  }
}
