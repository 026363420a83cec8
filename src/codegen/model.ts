// The language-neutral type model every code generator prints, and the JSON Schema reader
// that builds it. Pure and free of Deno APIs: the dashboard bundles it for "copy type".

export type Literal = string | number | boolean | null;

export type Property = {
  name: string;
  type: TypeNode;
  required: boolean;
  description?: string;
};

export type TypeNode =
  | { kind: "string" }
  | { kind: "integer" }
  | { kind: "number" }
  | { kind: "boolean" }
  | { kind: "null" }
  | { kind: "unknown" }
  /** enum or const: exactly these values. */
  | { kind: "enum"; values: Literal[] }
  | { kind: "array"; items: TypeNode }
  /** `additional` is null for a closed object, else the type of any other property. */
  | { kind: "object"; properties: Property[]; additional: TypeNode | null }
  /** An object with no declared properties: a map from string keys. */
  | { kind: "record"; values: TypeNode }
  | { kind: "union"; members: TypeNode[] }
  /** A named definition ($defs / definitions) of the same config, or the config itself. */
  | { kind: "ref"; name: string };

/** One config's type: its own type plus the named definitions it refers to. */
export type ConfigType = {
  configName: string;
  typeName: string;
  description: string;
  type: TypeNode;
  defs: { name: string; type: TypeNode; description?: string }[];
  /** Where the type came from: the config's JSON Schema, or its values. */
  source: "schema" | "values";
};

type Schema = Record<string, unknown>;

const UNKNOWN: TypeNode = { kind: "unknown" };
const isSchema = (s: unknown): s is Schema =>
  typeof s === "object" && s !== null && !Array.isArray(s);

/** "rate-limit" → "RateLimit"; never empty, never starting with a digit. */
export function pascalCase(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  if (joined === "") return "Value";
  return /^[0-9]/.test(joined) ? `Config${joined}` : joined;
}

/** A union without duplicates or nesting; one member stands alone, none is unknown. */
export function union(members: TypeNode[]): TypeNode {
  const flat: TypeNode[] = [];
  const seen = new Set<string>();
  for (const m of members.flatMap((m) => (m.kind === "union" ? m.members : [m]))) {
    if (m.kind === "unknown") return UNKNOWN;
    const key = JSON.stringify(m);
    if (!seen.has(key)) (seen.add(key), flat.push(m));
  }
  if (flat.length === 0) return UNKNOWN;
  return flat.length === 1 ? flat[0]! : { kind: "union", members: flat };
}

/** The type `node` allows besides null, and whether it allows null. */
export function splitNull(node: TypeNode): { inner: TypeNode; nullable: boolean } {
  if (node.kind !== "union") return { inner: node, nullable: false };
  const rest = node.members.filter((m) => m.kind !== "null");
  if (rest.length === node.members.length) return { inner: node, nullable: false };
  return { inner: union(rest), nullable: true };
}

/**
 * Reads a JSON Schema into a TypeNode. Supported: type (one or a list), enum, const, properties,
 * required, additionalProperties, items / prefixItems, anyOf / oneOf (unions), allOf (merged
 * objects), and local $refs into $defs / definitions. Anything else
 * (remote refs, conditionals) reads as unknown, which every language can still hold.
 */
export function schemaToConfigType(
  configName: string,
  typeName: string,
  description: string,
  schema: unknown,
): ConfigType {
  const defs: ConfigType["defs"] = [];
  const defNames = new Map<string, string>();
  const root = isSchema(schema) ? schema : {};
  const pending: [string, Schema][] = [];
  const defName = (pointer: string): string | null => {
    const known = defNames.get(pointer);
    if (known) return known;
    const m = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(pointer);
    const def = m ? (root[m[1]!] as Schema | undefined)?.[decodePointer(m[2]!)] : undefined;
    if (!m || !isSchema(def)) return null;
    let name = typeName + pascalCase(decodePointer(m[2]!));
    while ([...defNames.values()].includes(name) || name === typeName) name += "Def";
    defNames.set(pointer, name);
    pending.push([name, def]);
    return name;
  };
  const read = (s: unknown): TypeNode => {
    if (s === true || s === undefined) return UNKNOWN;
    if (!isSchema(s)) return UNKNOWN;
    if (typeof s.$ref === "string") {
      if (s.$ref === "#") return { kind: "ref", name: typeName };
      const name = defName(s.$ref);
      return name ? { kind: "ref", name } : UNKNOWN;
    }
    let node = readOwn(s);
    if (Array.isArray(s.allOf) && s.allOf.length > 0) {
      node = intersect([node, ...s.allOf.map(read)]);
    }
    const alternatives = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : null;
    if (alternatives && alternatives.length > 0) {
      const options = union(alternatives.map(read));
      node = node.kind === "unknown" ? options : intersect([node, options]);
    }
    return node;
  };
  const readOwn = (s: Schema): TypeNode => {
    if (Object.hasOwn(s, "const")) return literals([s.const]);
    if (Array.isArray(s.enum)) return literals(s.enum);
    const types = Array.isArray(s.type) ? s.type : typeof s.type === "string" ? [s.type] : null;
    if (types) return union(types.map((t) => readTyped(String(t), s)));
    if (isSchema(s.properties) || s.additionalProperties !== undefined) {
      return readTyped("object", s);
    }
    if (s.items !== undefined || s.prefixItems !== undefined) return readTyped("array", s);
    return UNKNOWN;
  };
  const readTyped = (type: string, s: Schema): TypeNode => {
    switch (type) {
      case "string":
      case "integer":
      case "number":
      case "boolean":
      case "null":
        return { kind: type };
      case "array": {
        const tuple = Array.isArray(s.prefixItems)
          ? s.prefixItems
          : Array.isArray(s.items)
          ? s.items
          : null;
        const rest = tuple ? (Array.isArray(s.items) ? s.additionalItems : s.items) : s.items;
        const parts = tuple ? tuple.map(read) : [];
        if (!tuple || (rest !== undefined && rest !== false)) parts.push(read(rest));
        return { kind: "array", items: union(parts) };
      }
      case "object":
        return readObject(s);
      default:
        return UNKNOWN;
    }
  };
  const readObject = (s: Schema): TypeNode => {
    const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
    const props = isSchema(s.properties) ? s.properties : {};
    const properties: Property[] = Object.entries(props).map(([name, p]) => ({
      name,
      type: read(p),
      required: required.has(name),
      ...(isSchema(p) && typeof p.description === "string" ? { description: p.description } : {}),
    }));
    const extra = s.additionalProperties;
    if (properties.length === 0) {
      return { kind: "record", values: extra === false ? UNKNOWN : read(extra) };
    }
    // Absent additionalProperties allows anything, but a type with declared properties is
    // meant to be closed: generated code then names every field and nothing more.
    const additional = extra === undefined || extra === false ? null : read(extra);
    return { kind: "object", properties, additional };
  };
  const type = read(root);
  while (pending.length > 0) {
    const [name, def] = pending.shift()!;
    const desc = typeof def.description === "string" ? def.description : undefined;
    defs.push({ name, type: read(def), ...(desc ? { description: desc } : {}) });
  }
  const desc = description || (typeof root.description === "string" ? root.description : "");
  return { configName, typeName, description: desc, type, defs, source: "schema" };
}

function decodePointer(part: string): string {
  return decodeURIComponent(part).replaceAll("~1", "/").replaceAll("~0", "~");
}

function literals(values: unknown[]): TypeNode {
  const ok = values.filter((v): v is Literal =>
    v === null || ["string", "number", "boolean"].includes(typeof v)
  );
  // An enum of objects or arrays has no literal type in most languages.
  if (ok.length !== values.length || ok.length === 0) return UNKNOWN;
  return { kind: "enum", values: [...new Set(ok)] };
}

/** allOf: the objects' properties merged; otherwise the most specific member. */
function intersect(members: TypeNode[]): TypeNode {
  const known = members.filter((m) => m.kind !== "unknown");
  const objects = known.filter((m) => m.kind === "object" || m.kind === "record");
  if (objects.length > 1 && objects.length === known.length) {
    const properties = new Map<string, Property>();
    let additional: TypeNode | null = null;
    for (const o of objects) {
      if (o.kind === "record") continue;
      for (const p of o.properties) {
        const had = properties.get(p.name);
        properties.set(p.name, had ? { ...had, required: had.required || p.required } : p);
      }
      if (o.additional) additional = o.additional;
    }
    return { kind: "object", properties: [...properties.values()], additional };
  }
  return known[known.length - 1] ?? UNKNOWN;
}
