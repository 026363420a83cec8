// Config tags in the config use cases: metadata, written in the same transaction as the edit
// that carries them but outside the config's state, so they make no version, no change-feed
// row and no change request (an edit gated by an approval still sets its tags). A change is
// audited as "config.tags".
import { invalid } from "../domain/errors.ts";
import { normalizeTags, sameTags } from "../domain/tags.ts";
import { configTagsRepo } from "../store/repos/config_tags.ts";
import type { Tx } from "../store/store.ts";
import type { Config, Project } from "../store/types.ts";
import { audit } from "./audit.ts";
import { type Caller, configTarget } from "./caller.ts";

export type Tagged<T> = T & { tags: string[] };

/** Throws Invalid naming every problem of `tags`; answers them as stored. */
export function checkTags(action: string, tags: readonly string[]): string[] {
  const { tags: out, issues } = normalizeTags(tags);
  if (issues.length > 0) throw invalid(action, issues);
  return out;
}

/**
 * Sets the config's tags when `tags` is given and differs (undefined: left as they are, as a
 * Replane client's PUT leaves them). Needs the right to edit the config's description.
 */
export async function applyTags(
  tx: Tx,
  caller: Caller,
  project: Project,
  config: Config,
  tags: string[] | undefined,
  fresh = false,
): Promise<Tagged<Config>> {
  const repo = configTagsRepo(tx.db);
  const before = fresh ? [] : await repo.of(config.id);
  if (tags === undefined || sameTags(before, tags)) return { ...config, tags: before };
  if (!fresh) caller.allow("config.edit_value", configTarget(project, config));
  await repo.set(config.id, tags);
  await audit(tx, caller.audit, {
    workspaceId: project.workspaceId,
    projectId: project.id,
    configName: config.name,
    action: "config.tags",
    targetType: "config",
    targetId: config.id,
    before: { tags: before },
    after: { tags },
  });
  return { ...config, tags };
}

export async function withTags<T extends { id: string }>(
  tx: Tx,
  projectId: string,
  list: T[],
): Promise<Tagged<T>[]> {
  const tags = await configTagsRepo(tx.db).ofProject(projectId);
  return list.map((c) => ({ ...c, tags: tags.get(c.id) ?? [] }));
}

export async function tagsOf<T extends { id: string }>(tx: Tx, config: T): Promise<Tagged<T>> {
  return { ...config, tags: await configTagsRepo(tx.db).of(config.id) };
}
