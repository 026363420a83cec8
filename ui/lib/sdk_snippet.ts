// The connection snippet shown after creating an SDK key: it names a config the project has
// and a context built from the properties that config's rules read, so it runs as pasted.
import type { Condition, ConfigDetail, Json, Override } from "./types.ts";

/** Context properties the overrides read, each with an example value taken from a rule. */
export function exampleContext(overrides: Override[]): Record<string, Json> {
  const context: Record<string, Json> = {};
  const visit = (c: Condition): void => {
    if (c.operator === "and" || c.operator === "or") return c.conditions.forEach(visit);
    if (c.operator === "not") return visit(c.condition);
    if (!("property" in c) || !c.property || c.property in context) return;
    if (c.operator === "segmentation") {
      context[c.property] = "user-123";
      return;
    }
    const literal = c.value.type === "literal" ? c.value.value : null;
    const first = Array.isArray(literal) ? literal[0] : literal;
    context[c.property] = first ?? "…";
  };
  for (const o of overrides) {
    o.conditions.forEach(visit);
    if ("split" in o && !(o.split.property in context)) context[o.split.property] = "user-123";
  }
  return context;
}

type SnippetParts = { contextText: string; name: string; guidance: string };

function snippetParts(config: ConfigDetail | null, environmentId: string): SnippetParts {
  const variant = config?.variants.find((v) => v.environmentId === environmentId);
  const context = config
    ? exampleContext([...(variant?.overrides ?? []), ...config.base.overrides])
    : {};
  if (Object.keys(context).length === 0) context.userId = "user-123";
  const contextText = Object.entries(context)
    .map(([k, v]) =>
      `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${JSON.stringify(v)}`
    )
    .join(", ");
  const name = JSON.stringify(config?.name ?? "your-config");
  const guidance = config ? "" : `// This project has no configs yet: create one under Configs
// (New config) and put its name where "your-config" is.
`;
  return { contextText, name, guidance };
}

/** The JS/TS snippet for a key of `environmentId`; `config` is null when the project has none. */
export function jsSnippet(
  origin: string,
  key: string,
  config: ConfigDetail | null,
  environmentId: string,
): string {
  const { contextText, name, guidance } = snippetParts(config, environmentId);
  return `import { Replane } from "@replanejs/sdk";

${guidance}const replane = new Replane({ context: { ${contextText} } });
await replane.connect({
  baseUrl: "${origin}",
  sdkKey: "${key}",
});

const value = replane.get(${name});
// On every change, read it again with get(): it applies this environment and the overrides.
replane.subscribe(${name}, () => console.log(replane.get(${name})));`;
}

/** The same with Dialtone's own SDK (docs/sdk.md): resume, deletions, offline start, receipts. */
export function dialtoneSnippet(
  origin: string,
  key: string,
  config: ConfigDetail | null,
  environmentId: string,
): string {
  const { contextText, name, guidance } = snippetParts(config, environmentId);
  return `import { Dialtone } from "@dialtone/sdk";

${guidance}const dialtone = new Dialtone({
  baseUrl: "${origin}",
  sdkKey: "${key}",
  context: { ${contextText} },
});
await dialtone.ready;

const value = dialtone.get(${name});
// On every change (or deletion), read it again with get().
dialtone.onChange(${name}, () => console.log(dialtone.get(${name}, { default: null })));`;
}
