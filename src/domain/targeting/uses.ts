// What an override list points at: the names whose change can change its rendered form.
import { type Condition, isSplit, type Override } from "../overrides.ts";

export type Uses = {
  /** Configs referenced by condition values (their base value is read). */
  references: Set<string>;
  /** Configs used as prerequisites (their overrides are expanded). */
  prerequisites: Set<string>;
  segments: Set<string>;
  groups: Set<string>;
};

export function usesOf(overrides: readonly Override[], into?: Uses): Uses {
  const uses = into ?? {
    references: new Set<string>(),
    prerequisites: new Set<string>(),
    segments: new Set<string>(),
    groups: new Set<string>(),
  };
  const visit = (c: Condition): void => {
    switch (c.operator) {
      case "and":
      case "or":
        return c.conditions.forEach(visit);
      case "not":
        return visit(c.condition);
      case "segmentation":
        return;
      case "in_segment":
      case "not_in_segment":
        uses.segments.add(c.segment);
        return;
      case "prerequisite":
        uses.prerequisites.add(c.config);
        return;
      default:
        if (c.value.type === "reference") uses.references.add(c.value.configName);
    }
  };
  for (const o of overrides) {
    o.conditions.forEach(visit);
    if (isSplit(o) && o.split.exclusion) uses.groups.add(o.split.exclusion.group);
  }
  return uses;
}

/**
 * Dependency keys as the replica's reference table stores them: a config name for a
 * reference, and prefixed keys (config names cannot hold ":") for the rest.
 */
export const prerequisiteKey = (config: string) => `prereq:${config}`;
export const segmentKey = (segment: string) => `segment:${segment}`;
export const groupKey = (group: string) => `group:${group}`;

export function dependencyKeys(uses: Uses): Set<string> {
  return new Set([
    ...uses.references,
    ...[...uses.prerequisites].map(prerequisiteKey),
    ...[...uses.segments].map(segmentKey),
    ...[...uses.groups].map(groupKey),
  ]);
}
