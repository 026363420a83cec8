// Names for the nested types of languages that cannot write them inline (Python TypedDicts,
// C# records, Go structs): each object gets a name from its path, such as RateLimitTiersItem.
import { type ConfigType, pascalCase, splitNull, type TypeNode } from "./model.ts";

export type ObjectNode = Extract<TypeNode, { kind: "object" }>;

export type Decl =
  | { kind: "object"; name: string; node: ObjectNode; description?: string }
  /** A string enum, for languages that name them (namedEnums). */
  | { kind: "enum"; name: string; values: string[]; description?: string }
  /** A config or definition whose type is not an object: an alias where the language has one. */
  | { kind: "alias"; name: string; node: TypeNode; description?: string };

export type Naming = {
  /** In document order: each config, then its nested types, then its definitions. */
  decls: Decl[];
  /** The name given to an object (or named enum) node. */
  nameOf(node: TypeNode): string | undefined;
};

export function nameTypes(types: readonly ConfigType[], options: { namedEnums: boolean }): Naming {
  const names = new Map<TypeNode, string>();
  const taken = new Set<string>();
  const decls: Decl[] = [];
  const unique = (suggested: string) => {
    let name = suggested;
    for (let n = 2; taken.has(name); n++) name = `${suggested}${n}`;
    taken.add(name);
    return name;
  };
  // Top-level names first, so nested types never take a config's or definition's name.
  for (const t of types) for (const n of [t.typeName, ...t.defs.map((d) => d.name)]) taken.add(n);

  const visit = (node: TypeNode, suggested: string, description?: string): void => {
    switch (node.kind) {
      case "object": {
        const name = names.get(node) ?? unique(suggested);
        names.set(node, name);
        decls.push({ kind: "object", name, node, ...(description ? { description } : {}) });
        for (const p of node.properties) visit(p.type, name + pascalCase(p.name), p.description);
        if (node.additional) visit(node.additional, `${name}Extra`);
        return;
      }
      case "enum": {
        const strings = node.values.filter((v): v is string => typeof v === "string");
        if (!options.namedEnums || strings.length !== node.values.length) return;
        const name = unique(suggested);
        names.set(node, name);
        decls.push({
          kind: "enum",
          name,
          values: strings,
          ...(description ? { description } : {}),
        });
        return;
      }
      case "array":
        return visit(node.items, `${suggested}Item`);
      case "record":
        return visit(node.values, `${suggested}Value`);
      case "union": {
        const { inner, nullable } = splitNull(node);
        if (nullable && inner.kind !== "union") return visit(inner, suggested, description);
        node.members.forEach((m, i) => visit(m, `${suggested}Option${i + 1}`));
        return;
      }
      default:
        return;
    }
  };
  const top = (name: string, node: TypeNode, description?: string) => {
    if (node.kind === "object") {
      taken.delete(name);
      return visit(node, name, description);
    }
    const enumName = options.namedEnums && node.kind === "enum" &&
      node.values.every((v) => typeof v === "string");
    if (enumName) {
      taken.delete(name);
      return visit(node, name, description);
    }
    decls.push({ kind: "alias", name, node, ...(description ? { description } : {}) });
    // An alias keeps the name: `RateLimit = RateLimitValue | null`, `Tiers = TiersItem[]`.
    visit(node, node.kind === "union" ? `${name}Value` : name);
  };
  for (const t of types) {
    top(t.typeName, t.type, t.description || undefined);
    for (const d of t.defs) top(d.name, d.type, d.description);
  }
  return { decls, nameOf: (node) => names.get(node) };
}
