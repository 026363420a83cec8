// Size and count limits enforced on every write path. They keep one request from
// exhausting memory or the evaluation time of every connected SDK, and they bound
// what one SSE frame can carry. Byte sizes are UTF-8 bytes of JSON.stringify(x).

export const LIMITS = {
  /** A config value (base or variant) and an override's value: 1 MiB. */
  maxValueBytes: 1024 * 1024,
  /** Nesting of arrays and objects in a value, keeping recursive code far from stack limits. */
  maxValueDepth: 100,
  /** The whole overrides list of a base or variant, as JSON: 1 MiB. */
  maxOverridesBytes: 1024 * 1024,
  /** A JSON Schema attached to a config: 512 KiB. */
  maxSchemaBytes: 512 * 1024,
  /** Nesting of arrays and objects in a JSON Schema, as in a value. */
  maxSchemaDepth: 100,
  /** Characters in one regular expression of a schema (`pattern`, `patternProperties`). */
  maxPatternLength: 1_000,
  /** RE2 program size of one pattern: matching costs at most this many steps per character. */
  maxPatternProgram: 2_000,
  /** Program sizes of all patterns of one schema added up (each costs 10 more); bounds compiling. */
  maxSchemaPatternProgram: 10_000,
  /** Work units the schema checks of one request may take (tens of ms); see docs/limits.md. */
  maxSchemaWork: 100_000,
  /** Overrides per base or per variant. */
  maxOverrides: 100,
  /** Condition nodes in one override, nested ones included (an `and` counts as one). */
  maxConditionsPerOverride: 100,
  /** Nesting of conditions: a top-level condition has depth 1, each and/or/not adds 1. */
  maxConditionDepth: 8,
  /** Items in an array literal (the list of an `in` / `not_in` condition). */
  maxListItems: 10_000,
  /** Segments in a reference's JSON path. */
  maxReferencePathLength: 32,
  /** Characters in a reference path segment that is a string. */
  maxReferencePathSegmentLength: 200,
  /** Characters in a condition's context property name. */
  maxPropertyNameLength: 200,
  /** Characters in a segmentation seed. */
  maxSeedLength: 200,
  /** Characters in an override's name. */
  maxOverrideNameLength: 200,
  /** Characters in a config or project description. */
  maxDescriptionLength: 10_000,
  /** Characters in the comment saved with a config version ("why this change"). */
  maxCommentLength: 500,
  /** Tags on one config. */
  maxTagsPerConfig: 20,
  /** Characters in one config tag. */
  maxTagLength: 40,
  /** Characters in a workspace, project, environment, SDK key or API key name. */
  maxNameLength: 100,
  /** Characters in an email address (RFC 5321 path limit). */
  maxEmailLength: 254,
  /** Variants per config: at most one per environment. */
  maxVariants: 100,
  /** Environments per project. */
  maxEnvironments: 100,
  /** Members listed on one workspace, project or config. */
  maxMembers: 1_000,
  /** Projects one workspace API key may be restricted to. */
  maxApiKeyProjects: 1_000,
  /** Projects in one workspace. */
  maxProjectsPerWorkspace: 1_000,
  /** Configs in one project (an import counts too). */
  maxConfigsPerProject: 10_000,
  /** SDK keys in one project. */
  maxSdkKeysPerProject: 1_000,
  /** Admin API keys in one workspace. */
  maxApiKeysPerWorkspace: 1_000,
  /** An admin API request body: 16 MiB (a config's values and overrides plus JSON overhead). */
  maxRequestBytes: 16 * 1024 * 1024,
  /** Values that references resolve to in one rendered config, as JSON text: 1 MiB. */
  maxResolvedBytes: 1024 * 1024,
  /** The context sent to the evaluate endpoint, as JSON: 64 KiB. */
  maxContextBytes: 64 * 1024,
  /** Approvals an environment's rule may require of a change request. */
  maxRequiredApprovals: 10,
  /** Reviewers requested on one change request. */
  maxChangeRequestReviewers: 20,
  /** Comments and reviews on one change request. */
  maxChangeRequestEvents: 500,
  /** Entries in one page of the audit log. */
  maxAuditPageSize: 200,
  /** Issues reported for one invalid value; the rest are dropped. */
  maxIssues: 50,
  /** Compiled JSON Schema validators kept in memory. */
  schemaCacheSize: 500,
  /** Their schemas' JSON added up: 32 MiB. */
  schemaCacheBytes: 32 * 1024 * 1024,
} as const;

/** UTF-8 bytes of `text`, counted without encoding it. */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 UTF-16 units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** Size of `value` as UTF-8 bytes of its JSON text (0 for undefined, which JSON cannot hold). */
export function jsonByteLength(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : utf8Length(text);
}

/** Why `v` (at nesting `depth`) is not a JSON value within maxValueDepth, or undefined. */
function shapeProblem(v: unknown, depth: number): string | undefined {
  if (v === null || typeof v === "string" || typeof v === "boolean") return undefined;
  if (typeof v === "number") {
    return Number.isFinite(v) ? undefined : `contains ${v}, which JSON cannot hold`;
  }
  if (typeof v !== "object") {
    return `contains ${v === undefined ? "undefined" : `a ${typeof v}`}, which JSON cannot hold`;
  }
  const tooDeep = `nests deeper than ${LIMITS.maxValueDepth} levels`;
  if (Array.isArray(v)) {
    if (v.length > 0 && depth >= LIMITS.maxValueDepth) return tooDeep;
    for (let i = 0; i < v.length; i++) {
      const item = v[i];
      // Most items are scalars: checked here, without a call.
      if (item === null || typeof item === "string" || typeof item === "boolean") continue;
      if (typeof item === "number" && Number.isFinite(item)) continue;
      const problem = shapeProblem(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) {
    return `contains a ${String(proto?.constructor?.name)}, which JSON cannot hold`;
  }
  for (const key in v) {
    if (depth >= LIMITS.maxValueDepth) return tooDeep;
    const problem = shapeProblem((v as Record<string, unknown>)[key], depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Why `value` is not a JSON value within maxValueDepth and maxValueBytes, or undefined.
 * Recursion stops at maxValueDepth, so a hostile, deeply nested value cannot overflow the
 * stack here; it allocates nothing per node, because values of a million items pass through.
 */
export function jsonValueProblem(value: unknown): string | undefined {
  if (value === undefined) return "is required";
  const problem = shapeProblem(value, 1);
  if (problem) return problem;
  const text = JSON.stringify(value);
  const max = LIMITS.maxValueBytes;
  // Each UTF-16 unit is 1 to 3 bytes: count only when the length leaves it open.
  const bytes = text.length > max || text.length * 3 <= max ? text.length : utf8Length(text);
  if (bytes > max) return `is ${utf8Length(text)} bytes of JSON; the limit is ${max}`;
  return undefined;
}
