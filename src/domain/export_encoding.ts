// Replane's export holds each value, schema and override value as JSON text in a string
// (`"value": "100"`); Dialtone's holds JSON values and says so with `encoding: "json"`. An
// import reads either: a file without `encoding` whose values are all strings is Replane's.
import type { ExportedConfig } from "./import_plan.ts";
import type { Issue } from "./issues.ts";
import { parseJsonc } from "./jsonc.ts";
import { jsonValueProblem } from "./limits.ts";
import { isSplit, type Json, type Override, overrideValues } from "./overrides.ts";

export type ExportEncoding = "json" | "text";

/** The fields of an exported config that Replane writes as JSON text. */
function textFields(c: ExportedConfig): unknown[] {
  const bodies = [c, ...c.variants];
  return bodies.flatMap((b) => [
    b.value,
    ...(b.schema === null ? [] : [b.schema]),
    ...b.overrides.flatMap(overrideValues),
  ]);
}

/** "text" when the file does not say and every value in it is a string, as Replane writes. */
export function encodingOf(
  declared: ExportEncoding | undefined,
  configs: readonly ExportedConfig[],
): ExportEncoding {
  if (declared !== undefined) return declared;
  const fields = configs.flatMap(textFields);
  return fields.length > 0 && fields.every((v) => typeof v === "string") ? "text" : "json";
}

/** The configs with each JSON text parsed; a text that does not parse is an issue. */
export function decodeText(configs: readonly ExportedConfig[]): {
  configs: ExportedConfig[];
  issues: Issue[];
} {
  const issues: Issue[] = [];
  const parse = (v: Json, path: string): Json => {
    if (typeof v !== "string") {
      issues.push({ path, message: `${path} must be JSON text in a string, as Replane exports` });
      return v;
    }
    try {
      const parsed = parseJsonc(v);
      const problem = jsonValueProblem(parsed);
      if (problem) issues.push({ path, message: `${path} ${problem}` });
      return parsed as Json;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      issues.push({ path, message: `${path} is not valid JSON text (${reason})` });
      return v;
    }
  };
  const decoded = configs.map((c, i) => {
    const at = `data.configs[${i}]`;
    const body = <B extends Omit<ExportedConfig, "name" | "description" | "variants">>(
      b: B,
      where: string,
    ): B => ({
      ...b,
      value: parse(b.value, `${where}.value`),
      schema: b.schema === null ? null : parse(b.schema, `${where}.schema`),
      overrides: b.overrides.map((o, j): Override => {
        const at = `${where}.overrides[${j}]`;
        if (!isSplit(o)) return { ...o, value: parse(o.value, `${at}.value`) };
        const variants = o.split.variants.map((v, k) => ({
          ...v,
          value: parse(v.value, `${at}.split.variants[${k}].value`),
        }));
        return { ...o, split: { ...o.split, variants } };
      }),
    });
    return {
      ...body(c, at),
      variants: c.variants.map((v, j) => body(v, `${at}.variants[${j}]`)),
    };
  });
  return { configs: decoded, issues };
}
