// A version change in words, per place: "Production: own value false; added 25% rollout".
// Compares two saved states (older, newer); rules are matched by name.
import { preview } from "./format.ts";
import type { ConfigBody, Environment, VersionDetail } from "./types.ts";

type State = VersionDetail["state"];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function bodyChanges(before: ConfigBody, after: ConfigBody, valueWord: string): string[] {
  const out: string[] = [];
  if (!same(before.value, after.value)) out.push(`${valueWord} ${preview(after.value, 40)}`);
  if (!same(before.schema, after.schema)) {
    out.push(
      after.schema === null
        ? "schema removed"
        : before.schema === null
        ? "schema added"
        : "schema changed",
    );
  }
  const names = (b: ConfigBody) => b.overrides.map((o) => o.name);
  const old = new Map(before.overrides.map((o) => [o.name, o]));
  const next = new Set(names(after));
  for (const o of after.overrides) {
    const was = old.get(o.name);
    if (!was) out.push(`added ${o.name}`);
    else if (!same(was, o)) out.push(`changed ${o.name}`);
  }
  for (const name of names(before)) if (!next.has(name)) out.push(`removed ${name}`);
  const kept = names(after).filter((n) => old.has(n));
  const keptBefore = names(before).filter((n) => next.has(n));
  if (!same(kept, keptBefore)) out.push("rules reordered");
  return out;
}

/** One line per place that changed; empty when nothing did. */
export function changeSummary(
  older: State | null,
  newer: State,
  environments: Environment[],
): string[] {
  const name = (id: string) =>
    environments.find((e) => e.id === id)?.name ?? "a deleted environment";
  if (!older) return [`Created with value ${preview(newer.base.value, 40)}`];
  const lines: string[] = [];
  if (older.description !== newer.description) lines.push("Description changed");
  const base = bodyChanges(older.base, newer.base, "value");
  if (base.length > 0) lines.push(`Base: ${base.join("; ")}`);
  const ids = [...new Set([...older.variants, ...newer.variants].map((v) => v.environmentId))];
  for (const id of ids) {
    const was = older.variants.find((v) => v.environmentId === id);
    const now = newer.variants.find((v) => v.environmentId === id);
    if (!now) {
      lines.push(`${name(id)}: uses the base value again`);
      continue;
    }
    const parts = bodyChanges(was ?? older.base, now, "own value");
    if (!was && parts.length === 0) parts.push(`own value ${preview(now.value, 40)}`);
    if (parts.length > 0) lines.push(`${name(id)}: ${parts.join("; ")}`);
  }
  if (!same(older.members, newer.members)) lines.push("Editors changed");
  return lines;
}
