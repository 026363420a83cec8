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
    { name: "ok", base: { value: 1, schema: { type: "number", $schema: "http://x" } } },
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
