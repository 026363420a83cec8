// Segments and exclusion groups in Dialtone's export (Replane's format has none): what an
// export lists, and what an import writes before its configs, in the import's transaction.
import type { GroupData, SegmentData } from "../domain/targeting/model.ts";
import type { Tx } from "../store/store.ts";
import type { Project, TargetKind } from "../store/types.ts";
import type { Caller } from "./caller.ts";
import { type GroupInput, type SegmentInput, writeTarget } from "./segments.ts";

export type ExportedSegment = { name: string; description: string } & SegmentData;
export type ExportedGroup = { name: string; description: string } & GroupData;

export async function exportTargets(tx: Tx, projectId: string) {
  const segments: ExportedSegment[] = [];
  const exclusionGroups: ExportedGroup[] = [];
  for (const t of await tx.targets.list(projectId)) {
    const head = { name: t.name, description: t.description };
    if (t.kind === "segment") segments.push({ ...head, ...(t.data as SegmentData) });
    else exclusionGroups.push({ ...head, ...(t.data as unknown as GroupData) });
  }
  return { segments, exclusionGroups };
}

export type TargetsImport = {
  segments?: (SegmentInput & { name: string })[];
  exclusionGroups?: (GroupInput & { name: string })[];
};

/** Writes the file's segments and groups; `skip` keeps ones of the same name untouched. */
export async function importTargets(
  tx: Tx,
  caller: Caller,
  p: Project,
  request: TargetsImport,
  onConflict: "skip" | "replace",
): Promise<{ created: string[]; replaced: string[]; skipped: string[] }> {
  const result = { created: [] as string[], replaced: [] as string[], skipped: [] as string[] };
  const entries: [TargetKind, string, SegmentInput | GroupInput][] = [
    ...(request.segments ?? []).map(({ name, ...x }): [TargetKind, string, SegmentInput] => [
      "segment",
      name,
      x,
    ]),
    ...(request.exclusionGroups ?? []).map(({ name, ...x }): [TargetKind, string, GroupInput] => [
      "exclusion_group",
      name,
      x,
    ]),
  ];
  if (entries.length > 0) {
    caller.allow("targeting.write", { workspaceId: p.workspaceId, projectId: p.id });
  }
  for (const [kind, name, input] of entries) {
    const label = `${kind === "segment" ? "segment" : "exclusion group"} ${name}`;
    const current = await tx.targets.get(p.id, kind, name);
    if (current && onConflict === "skip") {
      result.skipped.push(label);
      continue;
    }
    await writeTarget(tx, caller, p, kind, name, input, current);
    (current ? result.replaced : result.created).push(label);
  }
  return result;
}
