// C# from the type model: a sealed record per object with System.Text.Json attributes, an
// enum per string enum, JsonElement where C# has no type (unions, unknown), and constants
// for the config names. Targets .NET 9 (JsonStringEnumMemberName).
import { type CodegenConfig, configTypes } from "./configs.ts";
import { type Decl, nameTypes } from "./named.ts";
import { pascalCase, splitNull, type TypeNode } from "./model.ts";

const KEYWORDS = new Set(
  ("abstract as base bool break byte case catch char checked class const continue decimal " +
    "default delegate do double else enum event explicit extern false finally fixed float for " +
    "foreach goto if implicit in int interface internal is lock long namespace new null object " +
    "operator out override params private protected public readonly ref return sbyte sealed " +
    "short sizeof stackalloc static string struct switch this throw true try typeof uint ulong " +
    "unchecked unsafe ushort using virtual void volatile while").split(" "),
);

const member = (name: string) => (KEYWORDS.has(name) ? `@${name}` : name);

function summary(text: string | undefined, indent: string): string {
  if (!text) return "";
  const escaped = text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  const lines = escaped.split("\n").map((l) => `${indent}/// ${l}`.trimEnd());
  return `${indent}/// <summary>\n${lines.join("\n")}\n${indent}/// </summary>\n`;
}

export function generateCsharp(
  configs: readonly CodegenConfig[],
  project: { name?: string; namespace?: string } = {},
): string {
  const types = configTypes(configs);
  const naming = nameTypes(types, { namedEnums: true });
  const aliases = new Map<string, TypeNode>();
  for (const d of naming.decls) if (d.kind === "alias") aliases.set(d.name, d.node);

  /** The C# type, and whether null must be spelled with `?`. */
  const cs = (node: TypeNode): string => {
    const named = naming.nameOf(node);
    if (named) return named;
    switch (node.kind) {
      case "string":
        return "string";
      case "integer":
        return "long";
      case "number":
        return "double";
      case "boolean":
        return "bool";
      case "null":
      case "unknown":
        return "JsonElement";
      case "enum": {
        const kinds = new Set(node.values.map((v) => typeof v));
        if (kinds.size === 1 && kinds.has("number")) {
          return node.values.every(Number.isInteger) ? "long" : "double";
        }
        return kinds.size === 1 && kinds.has("boolean") ? "bool" : "JsonElement";
      }
      case "ref": {
        // C# has no type aliases across files: an alias definition is spelled out.
        const alias = aliases.get(node.name);
        return alias ? cs(alias) : node.name;
      }
      case "array":
        return `IReadOnlyList<${cs(node.items)}>`;
      case "record":
        return `IReadOnlyDictionary<string, ${cs(node.values)}>`;
      case "object":
        return "JsonElement";
      case "union": {
        const { inner, nullable } = splitNull(node);
        if (nullable && inner.kind !== "union") return `${cs(inner)}?`;
        return "JsonElement";
      }
    }
  };
  const declare = (d: Decl): string => {
    if (d.kind === "alias") return "";
    if (d.kind === "enum") {
      const used = new Set<string>();
      const members = d.values.map((v) => {
        let name = pascalCase(v);
        for (let n = 2; used.has(name); n++) name = `${pascalCase(v)}${n}`;
        used.add(name);
        return `    [JsonStringEnumMemberName(${JSON.stringify(v)})]\n    ${name},\n`;
      });
      return `${
        summary(d.description, "")
      }[JsonConverter(typeof(JsonStringEnumConverter<${d.name}>))]
public enum ${d.name}
{
${members.join("")}}
`;
    }
    const used = new Set<string>([d.name]);
    const props = d.node.properties.map((p) => {
      let name = pascalCase(p.name);
      for (let n = 2; used.has(name); n++) name = `${pascalCase(p.name)}${n}`;
      used.add(name);
      let type = cs(p.type);
      if (!p.required && !type.endsWith("?")) type += "?";
      const required = p.required ? "required " : "";
      return `${summary(p.description, "    ")}    [JsonPropertyName(${
        JSON.stringify(p.name)
      })]\n    public ${required}${type} ${member(name)} { get; init; }\n`;
    });
    if (d.node.additional) {
      props.push(
        "    /// <summary>Properties the schema does not name.</summary>\n" +
          "    [JsonExtensionData]\n    public Dictionary<string, JsonElement>? Extra { get; init; }\n",
      );
    }
    return `${summary(d.description, "")}public sealed record ${d.name}\n{\n${props.join("\n")}}\n`;
  };

  const names = types.map((t) => {
    const about = `Config "${t.configName}": ${cs(t.type)}`;
    return `${summary(about, "    ")}    public const string ${t.typeName} = ${
      JSON.stringify(t.configName)
    };\n`;
  });
  const title = project.name ? ` of the Dialtone project ${JSON.stringify(project.name)}` : "";
  return [
    `// <auto-generated>\n// Typed configs${title}. Generated by \`dialtone codegen --lang csharp\`; do not edit.\n// </auto-generated>\n#nullable enable\n\nusing System.Collections.Generic;\nusing System.Text.Json;\nusing System.Text.Json.Serialization;\n\nnamespace ${
      project.namespace ?? "Dialtone.Configs"
    };\n`,
    ...naming.decls.map(declare).filter(Boolean),
    `/// <summary>The name of every config of the project.</summary>\npublic static class ConfigNames\n{\n${
      names.join("\n")
    }}\n`,
  ].join("\n");
}
