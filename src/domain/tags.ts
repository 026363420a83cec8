// Config tags: short labels to find configs by ("checkout", "team:growth", "cleanup/2025-q3").
// Stored trimmed and lowercased, without duplicates, sorted, so "Checkout " and "checkout" are
// one tag.
import type { Issue } from "./issues.ts";
import { LIMITS } from "./limits.ts";
import { quote } from "./names.ts";

export const TAG_PATTERN = /^[a-z0-9][a-z0-9_.:/-]*$/;

/** The tags as stored, or the problems with them (paths `tags[i]`). */
export function normalizeTags(input: readonly string[]): { tags: string[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  input.forEach((raw, i) => {
    const tag = raw.trim().toLowerCase();
    const path = `tags[${i}]`;
    if (tag === "") issues.push({ path, message: "a tag must not be empty" });
    else if (tag.length > LIMITS.maxTagLength) {
      issues.push({
        path,
        message: `tag ${
          quote(tag)
        } is ${tag.length} characters; the limit is ${LIMITS.maxTagLength}`,
      });
    } else if (!TAG_PATTERN.test(tag)) {
      issues.push({
        path,
        message: `tag ${
          quote(tag)
        } must start with a letter or digit and hold only letters, digits and - _ . : /`,
      });
    } else seen.add(tag);
  });
  if (seen.size > LIMITS.maxTagsPerConfig) {
    issues.push({
      path: "tags",
      message: `${seen.size} tags; a config may have at most ${LIMITS.maxTagsPerConfig}`,
    });
  }
  return { tags: [...seen].sort(), issues };
}

export const sameTags = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((t, i) => t === b[i]);
