// Malformed and hostile request bodies and paths for the admin API's bad-input test. None
// of them may succeed: each must get a 4xx JSON answer.

const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
const nested = (n: number, leaf: string) => '{"a":'.repeat(n) + leaf + "}".repeat(n);

/** Bodies no route accepts, as raw text or bytes. */
export const GENERIC_BODIES: BodyInit[] = [
  "",
  "{",
  '{"name": "x",}',
  "{'name': 'x'}",
  "null",
  "[]",
  "42",
  '"string"',
  "true",
  "NaN",
  '{"__proto__": {"admin": true}}',
  '{"constructor": {"prototype": {}}}',
  '{"bogus": 1}',
  '{"name": 5}',
  '{"name": null}',
  '{"name": ["a"]}',
  '{"name": {"$gt": ""}}',
  '{"name": "\\u0000"}',
  `{"name": "${"a".repeat(20_000)}"}`,
  '{"name": "\\ud800"}',
  '{"name": "\\u202e"}',
  '{"name": "x", "name": 7}',
  '{"name": 1e400}',
  deep(5_000),
  nested(5_000, "1"),
  new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  "{}\u0000",
  '{"role": "owner", "email": 3}',
  '{"environmentIds": "all"}',
  '{"data": []}',
];

const value = (v: unknown) => ({ value: v });

/** Config bodies that are JSON but wrong in one field each. */
export function configBodies(): string[] {
  const bodies: unknown[] = [
    { name: "a b", base: value(1) },
    { name: "", base: value(1) },
    { name: "x".repeat(101), base: value(1) },
    { name: "ünïcode", base: value(1) },
    { name: "zero\u200bwidth", base: value(1) },
    { name: "../etc", base: value(1) },
    { name: "ok" },
    { name: "ok", base: {} },
    { name: "ok", base: { value: 1, schema: "string" } },
    { name: "ok", base: { value: 1, schema: { type: "number", $schema: 5 } } },
    { name: "ok", base: { value: "1", schema: { type: "number" } } },
    { name: "ok", base: { value: 1, overrides: {} } },
    { name: "ok", base: { value: 1, overrides: [{ name: "o", conditions: [{}], value: 1 }] } },
    {
      name: "ok",
      base: {
        value: 1,
        overrides: [{
          name: "o",
          conditions: [{
            operator: "equals",
            property: "p".repeat(201),
            value: { type: "literal", value: 1 },
          }],
          value: 1,
        }],
      },
    },
    {
      name: "ok",
      base: {
        value: 1,
        overrides: [{
          name: "o",
          conditions: [{ operator: "in", property: "p", value: { type: "literal", value: [[1]] } }],
          value: 1,
        }],
      },
    },
    {
      name: "ok",
      base: {
        value: 1,
        overrides: [{
          name: "o",
          conditions: [{ operator: "regex", property: "p", value: { type: "literal", value: 1 } }],
          value: 1,
        }],
      },
    },
    {
      name: "ok",
      base: {
        value: 1,
        overrides: [{
          name: "o",
          conditions: [{
            operator: "segmentation",
            property: "p",
            seed: "s",
            fromPercentage: -1,
            toPercentage: 50,
          }],
          value: 1,
        }],
      },
    },
    { name: "ok", base: value(1), variants: [{ environmentId: "prod", value: 1 }] },
    { name: "ok", base: value(1), variants: [{ environmentId: crypto.randomUUID(), value: 1 }] },
    { name: "ok", base: value(1), variants: {} },
    { name: "ok", base: value(1), editors: ["not-an-email"] },
    { name: "ok", base: value(1), editors: "a@b.c" },
    { name: "ok", base: value(1), description: 7 },
    { name: "ok", base: value(1), description: "x".repeat(10_001) },
    { name: "ok", base: value(1), description: "nul\u0000" },
    { name: "ok", base: value(1), baseVersion: "1" },
    { name: "ok", base: value(1), baseVersion: 0 },
    { name: "ok", base: value("x".repeat(1_100_000)) },
    { name: "ok", base: value(1), surprise: true },
    { name: "ok", base: { ...value(1), surprise: true } },
    // Tags (issue 20): each of these is refused on create and on PUT.
    { name: "ok", base: value(1), tags: ["x".repeat(41)] },
    { name: "ok", base: value(1), tags: ["Bad tag!"] },
    { name: "ok", base: value(1), tags: [" "] },
    { name: "ok", base: value(1), tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
    { name: "ok", base: value(1), tags: "checkout" },
    { name: "ok", base: value(1), tags: [1] },
  ];
  const text = bodies.map((b) => JSON.stringify(b));
  // A value nested past the depth limit, and a condition tree nested past its own.
  text.push(`{"name":"ok","base":{"value":${"[".repeat(200)}${"]".repeat(200)}}}`);
  let condition = '{"operator":"equals","property":"p","value":{"type":"literal","value":1}}';
  for (let i = 0; i < 50; i++) condition = `{"operator":"not","condition":${condition}}`;
  text.push(
    `{"name":"ok","base":{"value":1,"overrides":[{"name":"o","conditions":[${condition}],"value":1}]}}`,
  );
  return text;
}

/** The route's path with each parameter replaced by something invalid, one at a time. */
export function pathProbes(path: string): string[] {
  const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const bad: Record<string, string[]> = {
    name: ["a%20b", "%00", "x".repeat(101)],
    email: ["not-an-email", "%00%40x"],
    version: ["0", "-1", "abc", "1e3"],
  };
  const out: string[] = [];
  for (const param of params) {
    for (const v of bad[param] ?? ["not-a-uuid", "%00", "00000000-0000-0000-0000-000000000000"]) {
      out.push(path.replace(`{${param}}`, v));
    }
  }
  return out;
}

/** mulberry32: a small deterministic PRNG, so every fuzz run with one seed sends the same. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  return { next, int, pick };
}
export type Rng = ReturnType<typeof prng>;

const nest = (n: number, leaf: unknown) => {
  let v = leaf;
  for (let i = 0; i < n; i++) v = { items: v };
  return v;
};
const refBomb = () => {
  const definitions: Record<string, unknown> = { d40: { type: "string" } };
  for (let i = 39; i >= 0; i--) {
    definitions[`d${i}`] = {
      anyOf: [{ $ref: `#/definitions/d${i + 1}` }, { $ref: `#/definitions/d${i + 1}` }],
    };
  }
  return { definitions, $ref: "#/definitions/d0" };
};
const evil = (n: number) => "a".repeat(n) + "!";

/** Schemas and values of issue 22, by name: each must be refused (4xx) in bounded time. */
export function hostileSchemaCases(): { name: string; base: Record<string, unknown> }[] {
  const unique = (n: number) => [...Array.from({ length: n }, (_, i) => i), 0];
  return [
    {
      name: "$async schema",
      base: { value: "not-a-number", schema: { $async: true, type: "number" } },
    },
    { name: "$async nested", base: { value: 1, schema: { allOf: [{ $async: true }] } } },
    ...[26, 1_000, 100_000, 1_000_000].map((n) => ({
      name: `ReDoS pattern, ${n} characters`,
      base: { value: evil(n), schema: { type: "string", pattern: "^(a+)+$" } },
    })),
    {
      name: "ReDoS patternProperties",
      base: {
        value: { [evil(50_000)]: 1 },
        schema: { patternProperties: { "^(a|aa)+!$": false } },
      },
    },
    {
      name: "ReDoS propertyNames",
      base: { value: { [evil(50_000)]: 1 }, schema: { propertyNames: { pattern: "^(a+)+$" } } },
    },
    { name: "lookahead pattern", base: { value: "a", schema: { pattern: "^(?=a)a$" } } },
    {
      name: "huge program pattern",
      base: { value: "a", schema: { pattern: ".{0,1000}".repeat(50) } },
    },
    {
      name: "uniqueItems 100k numbers",
      base: { value: unique(100_000), schema: { uniqueItems: true } },
    },
    {
      name: "uniqueItems 100k objects",
      base: {
        value: Array.from({ length: 100_000 }, (_, i) => ({ i })),
        schema: { uniqueItems: true, items: { type: "object" } },
      },
    },
    { name: "deeply nested schema", base: { value: 1, schema: nest(3_000, { type: "number" }) } },
    { name: "exponential $ref schema", base: { value: 1, schema: refBomb() } },
    { name: "in-place $ref loop", base: { value: 1, schema: { allOf: [{ $ref: "#" }] } } },
    { name: "remote $ref", base: { value: 1, schema: { $ref: "http://127.0.0.1:9/s.json" } } },
    {
      name: "$ref into enum",
      base: { value: 1, schema: { enum: [{ not: {} }], $ref: "#/enum/0" } },
    },
    {
      // ajv's generated code threw a TypeError on this one (a 500 before issue 22).
      name: "schema that crashed ajv",
      base: {
        value: { a: 0 },
        schema: {
          $schema: "https://json-schema.org/draft/2019-09/schema",
          patternProperties: { "^a": false },
          if: { patternProperties: { "^a": false }, allOf: [false] },
          else: { propertyNames: false },
        },
      },
    },
    {
      name: "anyOf × large array",
      base: {
        value: Array.from({ length: 200_000 }, () => 1),
        schema: { anyOf: Array.from({ length: 2_000 }, (_, i) => ({ items: { minimum: i + 2 } })) },
      },
    },
  ];
}

const WEIRD_STRINGS = [
  "",
  " ",
  "\u0000",
  "\ud800",
  "\u202e",
  "é😀",
  "../../etc/passwd",
  "%00",
  "a".repeat(5_000),
  "<script>",
  "'; DROP TABLE configs; --",
  "${7*7}",
  "__proto__",
  "constructor",
  "null",
  "1e400",
];

/** A random JSON-ish value: what a confused or malicious client might send anywhere. */
export function randomJson(rng: Rng, depth = 0): unknown {
  const kind = rng.int(depth > 3 ? 5 : 8);
  switch (kind) {
    case 0:
      return rng.pick([0, -1, 1.5, 2 ** 53, -0, 1e308, 7]);
    case 1:
      return rng.pick(WEIRD_STRINGS);
    case 2:
      return rng.pick([true, false, null]);
    case 3:
      return rng.pick(["x", "Production", crypto.randomUUID(), "rp_" + "0".repeat(80)]);
    case 4:
      return rng.int(2) ? [] : {};
    case 5:
      return Array.from({ length: rng.int(4) }, () => randomJson(rng, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      const keys = [
        "name",
        "value",
        "base",
        "schema",
        "overrides",
        "variants",
        "conditions",
        "operator",
        "property",
        "environmentId",
        "role",
        "email",
        "scopes",
        "data",
        "context",
        "description",
        "baseVersion",
        "projectIds",
        "expiresAt",
        "copyFrom",
        "onConflict",
      ];
      for (let i = rng.int(5); i > 0; i--) o[rng.pick(keys)] = randomJson(rng, depth + 1);
      return o;
    }
  }
}

/**
 * A body no write route accepts: random JSON with one key that no schema knows (every admin
 * body is a strict object), or text that is not JSON at all.
 */
export function refusedBody(rng: Rng): string {
  if (rng.int(4) === 0) {
    return String(rng.pick(GENERIC_BODIES.filter((b) => typeof b === "string" && b !== "")));
  }
  const v = randomJson(rng);
  const o = typeof v === "object" && v !== null && !Array.isArray(v) ? v : { value: v };
  return JSON.stringify({ ...o, [`fuzz-${rng.int(1e6)}`]: randomJson(rng) });
}

/** A path segment a route does not expect. */
export function randomSegment(rng: Rng): string {
  const raw = rng.pick([...WEIRD_STRINGS, "0", "-1", "999999999999999"]);
  return raw.isWellFormed() ? encodeURIComponent(raw) : "%ED%A0%80"; // a lone surrogate, encoded
}
