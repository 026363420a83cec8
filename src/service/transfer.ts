// Export and import of a project's configs in Replane's export format. An import is one
// transaction: every config is checked first, then all are written, or none. Sensitive configs
// are left out of an export, or included sealed (`sensitive: "encrypted"`,
// src/service/transfer_sealed.ts), and an import opens those and writes them sensitive.
import { checkConfigState } from "../domain/config_state.ts";
import { Invalid, invalid } from "../domain/errors.ts";
import { decodeText, encodingOf, type ExportEncoding } from "../domain/export_encoding.ts";
import { type ExportedConfig, type ImportRequest, planImport } from "../domain/import_plan.ts";
import type { Issue } from "../domain/issues.ts";
import { schemaWorkDone } from "../domain/json_schema.ts";
import { LIMITS } from "../domain/limits.ts";
import type { ExportEncryption, SealedEntry, SensitiveExport } from "../domain/sealed_export.ts";
import type { Store } from "../store/store.ts";
import type { Config } from "../store/types.ts";
import { audit } from "./audit.ts";
import { type Caller, projectTarget } from "./caller.ts";
import { configContext, insertConfig, writeVersion } from "./config_write.ts";
import { projectOr404 } from "./lookup.ts";
import { prepareState } from "../domain/targeting/normalize.ts";
import { loadTargeting } from "./targeting_context.ts";
import { auditSealedExport, openForImport, sealForExport } from "./transfer_sealed.ts";
import {
  type ExportedGroup,
  type ExportedSegment,
  exportTargets,
  importTargets,
  type TargetsImport,
} from "./transfer_targets.ts";

const yieldToEventLoop = () => new Promise((resolve) => setTimeout(resolve, 0));

export type ExportDocument = {
  projectName: string;
  exportedAt: string;
  /** Values are JSON values here; Replane's files hold them as JSON text. */
  encoding: "json";
  configs: ExportedConfig[];
  /** Dialtone's own: the project's segments and exclusion groups (docs/targeting.md). */
  segments: ExportedSegment[];
  exclusionGroups: ExportedGroup[];
  /** With `sensitive: "encrypted"` only: the sensitive configs, their values sealed. */
  sensitiveConfigs?: SealedEntry[];
  /** What opens them: present when sensitiveConfigs has any. */
  encryption?: ExportEncryption;
};

/**
 * The project's export. An encrypted one hands out secrets (sealed), so it is audited, in a
 * write of its own after the read; the plain one is not.
 */
export async function exportProject(
  store: Store,
  caller: Caller,
  projectId: string,
  sensitive: SensitiveExport = "omit",
): Promise<ExportDocument> {
  const doc = await store.read(async (tx): Promise<ExportDocument> => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    const envNames = new Map((await tx.environments.list(p.id)).map((e) => [e.id, e.name]));
    // Omitted, sensitive configs are not even read, so a server without the key still exports.
    const configs = await tx.configs.listFull(p.id, sensitive === "omit");
    const exported = (x: Config): ExportedConfig => ({
      name: x.name,
      description: x.description,
      value: x.base.value,
      schema: x.base.schema,
      overrides: x.base.overrides,
      variants: x.variants.map((v) => ({
        environmentName: envNames.get(v.environmentId) ?? v.environmentId,
        value: v.value,
        schema: v.schema,
        useBaseSchema: v.useBaseSchema,
        overrides: v.overrides,
      })),
    });
    return {
      ...await exportTargets(tx, p.id),
      projectName: p.name,
      exportedAt: new Date().toISOString(),
      encoding: "json",
      configs: configs.filter((x) => !x.sensitive).map(exported),
      ...(sensitive === "encrypted"
        ? await sealForExport(tx, p.id, configs.filter((x) => x.sensitive).map(exported))
        : {}),
    };
  });
  if (sensitive === "encrypted") {
    const names = (doc.sensitiveConfigs ?? []).map((c) => c.name);
    await auditSealedExport(store, caller, projectId, names);
  }
  return doc;
}

export type ImportResult = {
  created: string[];
  replaced: string[];
  skipped: string[];
  /** Segments and exclusion groups, as "segment <name>" / "exclusion group <name>". */
  targets?: { created: string[]; replaced: string[]; skipped: string[] };
  warnings: Issue[];
};

export function importConfigs(
  store: Store,
  caller: Caller,
  projectId: string,
  request: ImportRequest & TargetsImport & {
    sourceProject: string | null;
    encoding?: ExportEncoding;
    sealed?: { entries: SealedEntry[]; encryption?: ExportEncryption };
  },
): Promise<ImportResult> {
  const action = "import configs";
  if (encodingOf(request.encoding, request.configs) === "text") {
    const decoded = decodeText(request.configs);
    if (decoded.issues.length > 0) throw invalid(action, decoded.issues.slice(0, LIMITS.maxIssues));
    request = { ...request, configs: decoded.configs };
  }
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.create", projectTarget(p));
    const opened = openForImport(
      tx.dataKeys.ring,
      request.sealed?.entries ?? [],
      request.sealed?.encryption,
    );
    if (opened.issues.length > 0) throw invalid(action, opened.issues.slice(0, LIMITS.maxIssues));
    const envByName = new Map((await tx.environments.list(p.id)).map((e) => [e.name, e.id]));
    const existing = new Map<string, Config>();
    for (const x of await tx.configs.listFull(p.id)) existing.set(x.name, x);
    const { plan, skipped, issues } = planImport(
      { ...request, sensitiveConfigs: opened.configs },
      { id: p.id, existing, envByName },
    );
    const fresh = plan.filter((x) => !x.current).length;
    if (existing.size + fresh > LIMITS.maxConfigsPerProject) {
      throw new Invalid(
        `Cannot ${action}: the project would have ${existing.size + fresh} configs; ` +
          `the limit is ${LIMITS.maxConfigsPerProject}`,
      );
    }
    const targets = await importTargets(tx, caller, p, request, request.onConflict);
    // References may name any config the import leaves in the project.
    const ctx = await configContext(tx, p, "");
    for (const x of plan) ctx.names.add(x.name);
    for (const x of plan) x.state = prepareState(x.state, x.current ?? null);
    const planned = new Map(plan.map((x) => [x.name, x.state] as const));
    ctx.targeting = await loadTargeting(
      tx,
      p.id,
      planned,
      plan.flatMap((x) => (x.current ? [x.current] : [])),
    );
    const warnings: Issue[] = [];
    for (const x of plan) {
      if (schemaWorkDone() > LIMITS.maxSchemaWork / 2) await yieldToEventLoop();
      const checked = checkConfigState(x.state, { ...ctx, selfName: x.name, root: x.root });
      issues.push(...checked.issues);
      warnings.push(...checked.warnings);
    }
    if (issues.length > 0) throw invalid(action, issues.slice(0, LIMITS.maxIssues));
    const result = { created: [] as string[], replaced: [] as string[], skipped };
    for (const x of plan) {
      if (x.current) {
        await writeVersion(tx, caller, p, x.current, x.state, {
          auditAction: "config.import",
          // A plain entry keeps a sensitive config sensitive; a sealed one makes it so.
          ...(x.sensitive ? { sensitive: true } : {}),
        });
        result.replaced.push(x.name);
      } else {
        await insertConfig(tx, caller, p, x.name, x.state, x.sensitive);
        result.created.push(x.name);
      }
    }
    await audit(tx, caller.audit, {
      workspaceId: p.workspaceId,
      projectId: p.id,
      action: "project.import",
      targetType: "project",
      targetId: p.id,
      after: { ...result, onConflict: request.onConflict, sourceProject: request.sourceProject },
    });
    const total = targets.created.length + targets.replaced.length + targets.skipped.length;
    return {
      ...result,
      ...(total > 0 ? { targets } : {}),
      warnings: warnings.slice(0, LIMITS.maxIssues),
    };
  });
}
