// The Replane-format export: what Replane itself can import. Segments, prerequisites,
// weighted rules and exclusion slices are compiled (src/domain/targeting/compile.ts) and
// written back as plain overrides; values, schemas and override values are JSON text, as
// Replane writes them. The base is compiled against the other configs' base bodies, and each
// variant in its own environment.
import { compileFor, type RenderSource } from "../domain/render.ts";
import { targetMaps } from "../domain/targeting/model.ts";
import { storedOverrides } from "../domain/targeting/replane_form.ts";
import { toFeedConfig } from "../store/changes.ts";
import type { Store } from "../store/store.ts";
import { type Caller, projectTarget } from "./caller.ts";
import { projectOr404 } from "./lookup.ts";

const text = (v: unknown) => JSON.stringify(v);

export function exportReplane(store: Store, caller: Caller, projectId: string) {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    const envNames = new Map((await tx.environments.list(p.id)).map((e) => [e.id, e.name]));
    // Sensitive configs stay out: this format has no field for sealed values
    // (docs/sensitive_values.md#exports).
    const configs = await tx.configs.listFull(p.id, true);
    const sources = new Map<string, RenderSource>(configs.map((c) => [c.name, toFeedConfig(c)]));
    const { segments, groups } = targetMaps(await tx.targets.list(p.id));
    const targets = {
      segment: (n: string) => segments.get(n),
      group: (n: string) => groups.get(n),
    };
    const compiled = (name: string, environmentId: string) =>
      storedOverrides(
        compileFor(sources.get(name)!, environmentId, (n) => sources.get(n), targets).overrides,
      ).map((o) => ({ ...o, value: text(o.value) }));
    return {
      projectName: p.name,
      exportedAt: new Date().toISOString(),
      configs: configs.map((x) => ({
        name: x.name,
        description: x.description,
        value: text(x.base.value),
        schema: x.base.schema === null ? null : text(x.base.schema),
        overrides: compiled(x.name, ""),
        variants: x.variants.map((v) => ({
          environmentName: envNames.get(v.environmentId) ?? v.environmentId,
          value: text(v.value),
          schema: v.schema === null ? null : text(v.schema),
          useBaseSchema: v.useBaseSchema,
          overrides: compiled(x.name, v.environmentId),
        })),
      })),
    };
  });
}
