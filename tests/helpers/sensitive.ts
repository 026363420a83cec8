// Shared by the sensitive-config tests (docs/sensitive_values.md): master keys, a sensitive
// config with a value, an override value and a variant value that must never appear in
// plaintext at rest, and SDK keys with and without readSensitive.
import type { Api } from "./api.ts";

export const KEY_1 = "first-master-key-0123456789-abcdefghij";
export const KEY_2 = "second-master-key-0123456789-abcdefghij";

/** Strings that appear only inside the sensitive config's values. */
export const PLAINTEXTS = [
  "base-Pl4intext-SECRET",
  "override-Pl4intext-SECRET",
  "prod-Pl4intext-SECRET",
];

export function sensitiveBody(environmentId: string, base = PLAINTEXTS[0]!) {
  return {
    name: "db-password",
    description: "the database password",
    editors: [],
    sensitive: true,
    base: {
      value: base,
      schema: null,
      overrides: [{
        name: "beta",
        conditions: [{
          operator: "equals",
          property: "tier",
          value: { type: "literal", value: "beta" },
        }],
        value: PLAINTEXTS[1],
      }],
    },
    variants: [{
      environmentId,
      value: PLAINTEXTS[2],
      schema: null,
      overrides: [],
      useBaseSchema: true,
    }],
  };
}

/** An SDK key of the environment, which may or may not read sensitive configs. */
export async function sdkKey(
  su: Api,
  projectId: string,
  environmentId: string,
  readSensitive: boolean,
): Promise<string> {
  const res = await su.ok("POST", `/projects/${projectId}/sdk-keys`, {
    name: readSensitive ? "reads sensitive" : "plain",
    environmentId,
    readSensitive,
  });
  return String(res.body.key);
}

/** Every byte of a SQLite database with its WAL, as text, for a plaintext search. */
export async function fileText(path: string): Promise<string> {
  let text = "";
  for (const suffix of ["", "-wal"]) {
    try {
      text += new TextDecoder("latin1").decode(await Deno.readFile(path + suffix));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return text;
}
