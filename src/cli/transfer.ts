// `dialtone export` and `dialtone import` in Replane's export format (sensitive configs left
// out, or sealed with --sensitive encrypted), with a dry run that shows what an import would
// create, replace and skip. Progress goes to standard error.
import type { ExportDoc } from "./admin_client.ts";
import { boolFlag, noMore, type Parsed, positional, stringFlag } from "./args.ts";
import { connect } from "./context.ts";
import { CliFailure, UsageError } from "./errors.ts";
import { formatChange } from "./config_history.ts";
import type { Io } from "./io.ts";
import { readInput, writeOutput } from "./json_input.ts";
import { type ImportPreview, previewImport } from "./import_preview.ts";
import { printWarnings } from "./warnings.ts";

const seconds = (start: number) => `${((performance.now() - start) / 1000).toFixed(1)} s`;
const kib = (text: string) => `${(new TextEncoder().encode(text).length / 1024).toFixed(1)} KiB`;

export async function exportCommand(p: Parsed, io: Io): Promise<void> {
  noMore(p, 0);
  const output = stringFlag(p, "output");
  const sensitive = stringFlag(p, "sensitive") ?? "omit";
  if (sensitive !== "omit" && sensitive !== "encrypted") {
    throw new UsageError(`--sensitive must be omit or encrypted (got "${sensitive}")`);
  }
  const ctx = await connect(p, io);
  const project = await ctx.project();
  const start = performance.now();
  io.err(`Exporting project "${project.name}"…`);
  const doc = await ctx.client.exportProject(project.id, sensitive);
  const text = JSON.stringify(doc, null, 2) + "\n";
  await writeOutput(output, text, io);
  const sealed = doc.sensitiveConfigs?.length ?? 0;
  io.err(
    `Exported ${doc.configs.length} configs` +
      (sensitive === "encrypted" ? ` and ${sealed} sensitive configs, encrypted,` : "") +
      ` (${kib(text)}) in ${seconds(start)}` +
      (output && output !== "-" ? ` to ${output}` : ""),
  );
}

/** OLD=NEW pairs, comma-separated; OLD= drops that environment's variants. */
export function parseEnvMap(text: string | undefined): Record<string, string | null> | undefined {
  if (text === undefined) return undefined;
  const map: Record<string, string | null> = {};
  for (const pair of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const eq = pair.indexOf("=");
    if (eq <= 0) {
      throw new UsageError(`--env-map "${pair}" must be OLD=NEW (or OLD= to drop those variants)`);
    }
    const target = pair.slice(eq + 1).trim();
    map[pair.slice(0, eq).trim()] = target === "" ? null : target;
  }
  return map;
}

export async function readExportFile(
  path: string,
  io: Io,
): Promise<{ doc: ExportDoc; size: string }> {
  const text = await readInput(path, io);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new CliFailure(`Cannot read ${path}: it is not JSON (${(error as Error).message})`);
  }
  const configs = (doc as ExportDoc | null)?.configs;
  if (!Array.isArray(configs)) {
    throw new CliFailure(`Cannot read ${path}: an export needs a "configs" list`);
  }
  return { doc: doc as ExportDoc, size: kib(text) };
}

export async function importCommand(p: Parsed, io: Io): Promise<void> {
  const file = positional(p, 0, "the export file: dialtone import FILE (or - for stdin)");
  noMore(p, 1);
  const onConflict = stringFlag(p, "on-conflict") ?? "skip";
  if (onConflict !== "skip" && onConflict !== "replace") {
    throw new UsageError(`--on-conflict must be skip or replace (got "${onConflict}")`);
  }
  const environmentMap = parseEnvMap(stringFlag(p, "env-map"));
  const dryRun = boolFlag(p, "dry-run");
  const { doc, size } = await readExportFile(file, io);
  const sealed = doc.sensitiveConfigs?.length ?? 0;
  io.err(
    `Read ${doc.configs.length} configs` +
      (sealed > 0 ? ` and ${sealed} sensitive configs, encrypted,` : "") +
      ` (${size}) from ${file === "-" ? "stdin" : file}`,
  );
  const ctx = await connect(p, io);
  const project = await ctx.project();
  const start = performance.now();
  if (dryRun) {
    io.err(`Comparing with project "${project.name}"…`);
    const [current, { environments }, { configs }] = await Promise.all([
      ctx.client.exportProject(project.id),
      ctx.client.listEnvironments(project.id),
      ctx.client.listConfigs(project.id),
    ]);
    const preview = previewImport(doc, current, {
      onConflict,
      environmentMap,
      environments: environments.map((e) => e.name),
      sensitiveNames: configs.filter((c) => c.sensitive === true).map((c) => c.name),
    });
    ctx.print({ dryRun: true, ...preview }, () => describePreview(preview, project.name));
    if (preview.problems.length > 0) {
      throw new CliFailure(`The import would be refused: ${preview.problems.length} problems`);
    }
    return;
  }
  io.err(`Importing ${doc.configs.length + sealed} configs into project "${project.name}"…`);
  const result = await ctx.client.importProject(project.id, {
    data: doc,
    onConflict,
    ...(environmentMap ? { environmentMap } : {}),
  });
  printWarnings(io, result.warnings);
  io.err(`Done in ${seconds(start)}`);
  ctx.print(
    result,
    () =>
      `Created ${result.created.length}, replaced ${result.replaced.length}, skipped ${result.skipped.length}`,
  );
}

function describePreview(preview: ImportPreview, projectName: string): string {
  const lines = [`Dry run: nothing was written to project "${projectName}".`];
  const count = { create: 0, replace: 0, skip: 0, unchanged: 0 };
  for (const e of preview.entries) {
    count[e.action]++;
    const tag = e.action !== "unchanged" && e.sensitive ? "sensitive, encrypted" : null;
    if (e.action === "create") lines.push(`+ create    ${e.name}${tag ? ` (${tag})` : ""}`);
    if (e.action === "skip") {
      lines.push(
        `= skip      ${e.name} (${tag ? `${tag}; ` : ""}it exists; --on-conflict replace)`,
      );
    }
    if (e.action === "unchanged") lines.push(`= unchanged ${e.name}`);
    if (e.action !== "replace") continue;
    if (e.changes === null) {
      const why = tag ?? "sensitive here, and it stays so";
      lines.push(`~ replace   ${e.name} (${why}; values not compared)`);
      continue;
    }
    lines.push(`~ replace   ${e.name} (${e.changes.length} changes)`);
    for (const c of e.changes) lines.push(`    ${formatChange(c)}`);
  }
  for (const problem of preview.problems) lines.push(`! ${problem}`);
  lines.push(
    `Would create ${count.create}, replace ${count.replace}, skip ${count.skip}; ` +
      `${count.unchanged} unchanged`,
  );
  return lines.join("\n");
}
