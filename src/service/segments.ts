// Segments and exclusion groups (docs/targeting.md): list, read (with the configs that use
// one), create, replace, delete (accepted while in use, with a warning per user) and
// history. Each write is one transaction whose change-feed row makes every replica
// re-render the configs that use the segment or group, in every environment, at once.
import { Conflict, Invalid, NotFound, StaleVersion } from "../domain/errors.ts";
import type { Issue } from "../domain/issues.ts";
import { LIMITS } from "../domain/limits.ts";
import { quote } from "../domain/names.ts";
import type { Json } from "../domain/overrides.ts";
import type { GroupData, SegmentData, Slice } from "../domain/targeting/model.ts";
import { TARGETING_LIMITS } from "../domain/targeting/model.ts";
import { prepareSlices, randomSeed } from "../domain/targeting/normalize.ts";
import { usesOf } from "../domain/targeting/uses.ts";
import type { Store, Tx } from "../store/store.ts";
import type { Project, Target, TargetKind, TargetVersion } from "../store/types.ts";
import { audit } from "./audit.ts";
import { type Caller, projectTarget } from "./caller.ts";
import { projectOr404 } from "./lookup.ts";

const WORDS: Record<TargetKind, string> = {
  segment: "segment",
  exclusion_group: "exclusion group",
};

export type SegmentInput = { description: string; conditions: SegmentData["conditions"] };
export type GroupInput = {
  description: string;
  property: string;
  seed?: string;
  slices: Slice[];
};
export type TargetInput<K extends TargetKind> = K extends "segment" ? SegmentInput : GroupInput;

export type TargetWithUsers = Target & { usedBy: string[] };

async function targetOr404(tx: Tx, p: Project, kind: TargetKind, name: string) {
  const t = await tx.targets.get(p.id, kind, name);
  if (!t) throw new NotFound("other", `${capital(WORDS[kind])} "${name}" not found`);
  return t;
}

const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** Names of the configs whose base or variants use the segment or group. */
async function usersOf(tx: Tx, projectId: string, kind: TargetKind, name: string) {
  const out: string[] = [];
  for (const c of await tx.configs.listFull(projectId)) {
    const uses = usesOf(c.base.overrides);
    for (const v of c.variants) usesOf(v.overrides, uses);
    if ((kind === "segment" ? uses.segments : uses.groups).has(name)) out.push(c.name);
  }
  return out;
}

/** The stored data for `input`: a group keeps its seed and its users' slices. */
function dataOf(kind: TargetKind, input: SegmentInput | GroupInput, current: Target | null): Json {
  if (kind === "segment") return { conditions: (input as SegmentInput).conditions } as Json;
  const g = input as GroupInput;
  const before = current?.data as GroupData | undefined;
  const data: GroupData = {
    property: g.property,
    seed: g.seed ?? before?.seed ?? randomSeed(),
    slices: prepareSlices(g.slices, before?.slices ?? []),
  };
  return data as unknown as Json;
}

export function listTargets(
  store: Store,
  caller: Caller,
  projectId: string,
  kind: TargetKind,
): Promise<Target[]> {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    return await tx.targets.list(p.id, kind);
  });
}

export function getTarget(
  store: Store,
  caller: Caller,
  projectId: string,
  kind: TargetKind,
  name: string,
): Promise<TargetWithUsers> {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    const t = await targetOr404(tx, p, kind, name);
    return { ...t, usedBy: await usersOf(tx, p.id, kind, name) };
  });
}

export function createTarget<K extends TargetKind>(
  store: Store,
  caller: Caller,
  projectId: string,
  kind: K,
  name: string,
  input: TargetInput<K>,
): Promise<Target> {
  const action = `create ${WORDS[kind]} "${name}"`;
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("targeting.write", projectTarget(p));
    if (await tx.targets.get(p.id, kind, name)) {
      throw new Conflict(`Cannot ${action}: a ${WORDS[kind]} with this name already exists`);
    }
    const count = (await tx.targets.list(p.id, kind)).length;
    if (count >= TARGETING_LIMITS.maxPerProject) {
      throw new Invalid(
        `Cannot ${action}: the project already has ${count} of them; the limit is ` +
          `${TARGETING_LIMITS.maxPerProject}`,
      );
    }
    return await writeTarget(tx, caller, p, kind, name, input, null);
  });
}

/** Creates (current null) or replaces a target in `tx`, with its audit row; no checks. */
export async function writeTarget(
  tx: Tx,
  caller: Caller,
  p: Project,
  kind: TargetKind,
  name: string,
  input: SegmentInput | GroupInput,
  current: Target | null,
): Promise<Target> {
  const data = dataOf(kind, input, current);
  const fields = { description: input.description, data };
  const t = current
    ? await tx.targets.update(current, fields, caller.audit.actor)
    : await tx.targets.create(p.id, kind, name, fields, caller.audit.actor);
  await audit(tx, caller.audit, {
    workspaceId: p.workspaceId,
    projectId: p.id,
    action: `${kind}.${current ? "update" : "create"}`,
    targetType: kind,
    targetId: t.id,
    ...(current ? { before: { name, description: current.description, data: current.data } } : {}),
    after: { name, description: t.description, data },
  });
  return t;
}

export function replaceTarget<K extends TargetKind>(
  store: Store,
  caller: Caller,
  projectId: string,
  kind: K,
  name: string,
  input: TargetInput<K>,
  baseVersion?: number,
): Promise<TargetWithUsers> {
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("targeting.write", projectTarget(p));
    const current = await targetOr404(tx, p, kind, name);
    if (baseVersion !== undefined && baseVersion !== current.version) {
      throw new StaleVersion(
        `${WORDS[kind]} "${name}" is at version ${current.version}, not ${baseVersion}`,
        current.version,
      );
    }
    const t = await writeTarget(tx, caller, p, kind, name, input, current);
    return { ...t, usedBy: await usersOf(tx, p.id, kind, name) };
  });
}

/** Deletes it; configs that use it keep their conditions, which stop matching (a warning each). */
export function deleteTarget(
  store: Store,
  caller: Caller,
  projectId: string,
  kind: TargetKind,
  name: string,
): Promise<{ warnings: Issue[] }> {
  return store.write(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("targeting.write", projectTarget(p));
    const current = await targetOr404(tx, p, kind, name);
    const users = await usersOf(tx, p.id, kind, name);
    await tx.targets.delete(current);
    await audit(tx, caller.audit, {
      workspaceId: p.workspaceId,
      projectId: p.id,
      action: `${kind}.delete`,
      targetType: kind,
      targetId: current.id,
      before: { name, description: current.description, data: current.data },
    });
    const what = kind === "segment" ? "conditions on it" : "rules in it";
    const warnings = users.map((config) => ({
      path: "",
      message: `config ${quote(config)} uses ${WORDS[kind]} ${quote(name)}; its ${what} ` +
        `will not match until a ${WORDS[kind]} of that name exists again`,
    }));
    return { warnings: warnings.slice(0, LIMITS.maxIssues) };
  });
}

export function targetVersions(
  store: Store,
  caller: Caller,
  projectId: string,
  kind: TargetKind,
  name: string,
): Promise<TargetVersion[]> {
  return store.read(async (tx) => {
    const p = await projectOr404(tx, projectId);
    caller.allow("config.read", projectTarget(p));
    const versions = await tx.targets.versions(p.id, kind, name);
    if (versions.length === 0) {
      throw new NotFound("other", `${capital(WORDS[kind])} "${name}" has no history`);
    }
    return versions;
  });
}
