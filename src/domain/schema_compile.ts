// Prepares a JSON Schema (already valid against its draft's meta-schema) for
// schema_validate.ts: finds every subschema, resolves each $ref to one of them, compiles the
// patterns for the linear-time engine, and refuses what could run unbounded or
// asynchronously. Nothing here executes user code: schemas are data, read by an interpreter.
import { LIMITS } from "./limits.ts";
import { compileUserRegex, quote, type UserRegex } from "./schema_regex.ts";

export type Draft = "draft-04" | "draft-06" | "draft-07" | "2019-09" | "2020-12";
export type SchemaNode = Record<string, unknown> | boolean;
export type Located = { at: string; message: string };

export type CompiledSchema = {
  draft: Draft;
  root: SchemaNode;
  /** The target of each subschema's $ref. */
  refs: Map<object, SchemaNode>;
  regexes: Map<string, UserRegex>;
  /** unevaluatedProperties / unevaluatedItems appear: annotations must be collected. */
  annotations: boolean;
};

/** Keywords whose value is one subschema. */
const ONE = new Set([
  "additionalItems",
  "items",
  "contains",
  "additionalProperties",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
  "unevaluatedItems",
  "unevaluatedProperties",
]);
/** Keywords whose value is a list of subschemas. */
const LIST = new Set(["items", "allOf", "anyOf", "oneOf", "prefixItems"]);
/** Keywords whose value maps names to subschemas (a dependencies entry may be a list instead). */
const MAP = new Set([
  "properties",
  "patternProperties",
  "definitions",
  "$defs",
  "dependentSchemas",
  "dependencies",
]);
/** Subschemas applied to the same value as their parent: a $ref cycle through these alone never ends. */
const IN_PLACE = new Set(["allOf", "anyOf", "oneOf", "not", "if", "then", "else"]);
const IN_PLACE_MAPS = new Set(["dependentSchemas", "dependencies"]);
/** Keywords that would make validation asynchronous or dynamic: refused, never ignored. */
const REFUSED = new Map([
  ["$async", "validation must be synchronous"],
  ["$dynamicRef", "dynamic references are not supported"],
  ["$recursiveRef", "recursive references are not supported; use $ref"],
]);

const escape = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");

type Walk = {
  draft: Draft;
  problems: Located[];
  /** Every subschema, with its JSON pointer. */
  nodes: Map<object, string>;
  anchors: Map<string, object>;
  refsAt: [object, string, string][];
  /** Subschemas each subschema applies to the same value (for cycle detection). */
  inPlace: Map<object, object[]>;
  regexes: Map<string, UserRegex>;
  patternCost: number;
  annotations: boolean;
};

function addPattern(w: Walk, pattern: string, at: string) {
  if (w.regexes.has(pattern)) return;
  const compiled = compileUserRegex(pattern);
  if ("problem" in compiled) return void w.problems.push({ at, message: compiled.problem });
  w.patternCost += compiled.size + 10;
  w.regexes.set(pattern, compiled);
}

function visit(w: Walk, node: unknown, at: string, depth: number, parent: object | null) {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return;
  if (depth > LIMITS.maxSchemaDepth) {
    w.problems.push({ at, message: `schema nests deeper than ${LIMITS.maxSchemaDepth} levels` });
    return;
  }
  if (w.nodes.has(node)) return;
  w.nodes.set(node, at);
  if (parent) {
    const siblings = w.inPlace.get(parent);
    if (siblings) siblings.push(node);
    else w.inPlace.set(parent, [node]);
  }
  const s = node as Record<string, unknown>;
  const idKey = w.draft === "draft-04" ? "id" : "$id";
  // One pass over the keys the node has (usually a few), rather than a lookup per keyword.
  for (const k in s) {
    const v = s[k];
    const reason = REFUSED.get(k);
    if (reason) w.problems.push({ at: `${at}/${k}`, message: `${k}: ${reason}` });
    else if (k === idKey) checkId(w, v, node, at, idKey);
    else if (k === "$anchor" || k === "$dynamicAnchor") {
      if (typeof v === "string") anchor(w, v, node, `${at}/${k}`);
    } else if (k === "$ref") {
      if (typeof v === "string") w.refsAt.push([node, v, `${at}/$ref`]);
    } else if (k === "pattern") {
      if (typeof v === "string") addPattern(w, v, `${at}/pattern`);
    } else if (k === "unevaluatedProperties" || k === "unevaluatedItems") {
      w.annotations = true;
      visit(w, v, `${at}/${k}`, depth + 1, null);
    } else if (Array.isArray(v)) {
      if (!LIST.has(k)) continue;
      const inPlace = IN_PLACE.has(k) ? node : null;
      for (let i = 0; i < v.length; i++) visit(w, v[i], `${at}/${k}/${i}`, depth + 1, inPlace);
    } else if (ONE.has(k)) {
      visit(w, v, `${at}/${k}`, depth + 1, IN_PLACE.has(k) ? node : null);
    } else if (MAP.has(k) && typeof v === "object" && v !== null) {
      const inPlace = IN_PLACE_MAPS.has(k) ? node : null;
      for (const [name, sub] of Object.entries(v)) {
        if (k === "patternProperties") addPattern(w, name, `${at}/${k}/${escape(name)}`);
        visit(w, sub, `${at}/${k}/${escape(name)}`, depth + 1, inPlace);
      }
    }
  }
}

function checkId(w: Walk, id: unknown, node: object, at: string, idKey: string) {
  if (typeof id !== "string" || at === "") return;
  if (id.startsWith("#") && w.draft !== "2019-09" && w.draft !== "2020-12") {
    anchor(w, id.slice(1), node, `${at}/${idKey}`);
  } else {
    w.problems.push({
      at: `${at}/${idKey}`,
      message: `${idKey} ${quote(id)} inside a schema is not supported; only the root may ` +
        `have an ${idKey}`,
    });
  }
}

function anchor(w: Walk, name: string, node: object, at: string) {
  if (w.anchors.has(name)) {
    w.problems.push({ at, message: `anchor ${quote(name)} is defined twice` });
  }
  w.anchors.set(name, node);
}

/** The subschema `ref` names, or why it names none. */
function resolve(w: Walk, root: object, rootId: string, ref: string): SchemaNode | string {
  let fragment = ref;
  if (rootId !== "" && ref.startsWith(rootId)) fragment = ref.slice(rootId.length);
  if (fragment === "" || fragment === "#") return root as SchemaNode;
  if (!fragment.startsWith("#")) {
    return `$ref ${quote(ref)} points outside the schema; only references within it ` +
      `("#/definitions/…" or "#name") are supported, and nothing is ever fetched`;
  }
  if (!fragment.startsWith("#/")) {
    const named = w.anchors.get(fragment.slice(1));
    return named ? named as SchemaNode : `$ref ${quote(ref)} names no anchor of the schema`;
  }
  let target: unknown = root;
  for (const raw of fragment.slice(2).split("/")) {
    let key: string;
    try {
      key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    } catch {
      return `$ref ${quote(ref)} is not a valid JSON pointer`;
    }
    const here = target as Record<string, unknown> | null;
    if (typeof here !== "object" || here === null || !Object.hasOwn(here, key)) {
      return `$ref ${quote(ref)} points to nothing in the schema`;
    }
    target = here[key];
  }
  if (typeof target === "boolean") return target;
  if (typeof target !== "object" || target === null || !w.nodes.has(target)) {
    return `$ref ${quote(ref)} does not point to a subschema`;
  }
  return target as SchemaNode;
}

/** A $ref cycle that stays on the same value recurses forever: find one, if any. */
function inPlaceCycle(w: Walk, refs: Map<object, SchemaNode>): object | null {
  const state = new Map<object, 1 | 2>(); // 1: on the current path, 2: done
  const edges = (node: object): object[] => {
    const target = refs.get(node);
    const children = w.inPlace.get(node) ?? [];
    return typeof target === "object" ? [...children, target] : children;
  };
  for (const start of new Set([...w.inPlace.keys(), ...refs.keys()])) {
    if (state.has(start)) continue;
    const stack: { node: object; next: object[]; i: number }[] = [
      { node: start, next: edges(start), i: 0 },
    ];
    state.set(start, 1);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.i >= frame.next.length) {
        state.set(frame.node, 2);
        stack.pop();
        continue;
      }
      const n = frame.next[frame.i++]!;
      if (state.get(n) === 1) return frame.node;
      if (!state.has(n)) {
        state.set(n, 1);
        stack.push({ node: n, next: edges(n), i: 0 });
      }
    }
  }
  return null;
}

export function compileSchema(schema: SchemaNode, draft: Draft): CompiledSchema | Located[] {
  const w: Walk = {
    draft,
    problems: [],
    nodes: new Map(),
    anchors: new Map(),
    refsAt: [],
    inPlace: new Map(),
    regexes: new Map(),
    patternCost: 0,
    annotations: false,
  };
  const refs = new Map<object, SchemaNode>();
  if (typeof schema === "boolean") {
    return { draft, root: schema, refs, regexes: w.regexes, annotations: false };
  }
  visit(w, schema, "", 1, null);
  if (w.patternCost > LIMITS.maxSchemaPatternProgram) {
    w.problems.push({
      at: "",
      message: `the schema's patterns add up to ${w.patternCost} program steps; the limit ` +
        `is ${LIMITS.maxSchemaPatternProgram}`,
    });
  }
  const idKey = draft === "draft-04" ? "id" : "$id";
  const rootId = typeof schema[idKey] === "string" ? String(schema[idKey]).replace(/#$/, "") : "";
  for (const [node, ref, at] of w.refsAt) {
    const target = resolve(w, schema, rootId, ref);
    if (typeof target === "string") w.problems.push({ at, message: target });
    else refs.set(node, target);
  }
  if (w.problems.length === 0) {
    const looping = inPlaceCycle(w, refs);
    if (looping) {
      w.problems.push({
        at: w.nodes.get(looping)!,
        message: "this subschema leads back to itself through $ref without going into the " +
          "value, so checking a value would never end",
      });
    }
  }
  if (w.problems.length > 0) return w.problems.slice(0, LIMITS.maxIssues);
  return { draft, root: schema, refs, regexes: w.regexes, annotations: w.annotations };
}
