// A strict JSON parser that remembers where things are: the line and column of a syntax
// error, and of every value by JSON Pointer, so validation errors can name their line.
import type { Json } from "./types.ts";

export type Position = { line: number; col: number };
export type Parsed =
  | { ok: true; value: Json; at: (pointer: string) => Position | undefined }
  | { ok: false; message: string; line: number; col: number };

class SyntaxProblem extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// deno-lint-ignore no-control-regex -- JSON forbids raw control characters inside strings
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

export function escapePointer(key: string | number): string {
  return String(key).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function parseJson(text: string): Parsed {
  const offsets = new Map<string, number>();
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const fail = (message: string): never => {
    throw new SyntaxProblem(message, i);
  };
  const describe = () => (i >= text.length ? "the end of the text" : `"${text[i]}"`);

  const value = (pointer: string): Json => {
    ws();
    offsets.set(pointer, i);
    const ch = text[i];
    if (ch === "{") {
      i++;
      const obj: Record<string, Json> = {};
      ws();
      if (text[i] === "}") return (i++, obj);
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`Expected a "quoted" property name but found ${describe()}`);
        const key = string();
        ws();
        if (text[i] !== ":") fail(`Expected ":" after the property name but found ${describe()}`);
        i++;
        obj[key] = value(`${pointer}/${escapePointer(key)}`);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") return (i++, obj);
        fail(`Expected "," or "}" but found ${describe()}`);
      }
    }
    if (ch === "[") {
      i++;
      const arr: Json[] = [];
      ws();
      if (text[i] === "]") return (i++, arr);
      for (;;) {
        arr.push(value(`${pointer}/${arr.length}`));
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") return (i++, arr);
        fail(`Expected "," or "]" but found ${describe()}`);
      }
    }
    if (ch === '"') return string();
    for (const [word, result] of [["true", true], ["false", false], ["null", null]] as const) {
      if (text.startsWith(word, i)) return (i += word.length, result);
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) return (i += num[0].length, Number(num[0]));
    if (ch === "'") fail('Strings need double quotes (") in JSON');
    return fail(`Expected a value but found ${describe()}`);
  };

  const string = (): string => {
    STRING.lastIndex = i;
    const m = STRING.exec(text);
    if (!m) {
      const end = text.indexOf('"', i + 1);
      if (end < 0) fail("This string is never closed");
      fail("Bad character or escape in this string (line breaks must be written as \\n)");
    }
    i += m![0].length;
    return JSON.parse(m![0]) as string;
  };

  try {
    const result = value("");
    ws();
    if (i < text.length) fail(`Unexpected ${describe()} after the JSON value`);
    return { ok: true, value: result, at: (pointer) => toPosition(text, offsets.get(pointer)) };
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    const pos = toPosition(text, error.offset)!;
    return { ok: false, message: error.message, ...pos };
  }
}

function toPosition(text: string, offset: number | undefined): Position | undefined {
  if (offset === undefined) return undefined;
  let line = 1;
  let start = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === "\n") {
      line++;
      start = k + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

/** The closest recorded position for a pointer, walking up to its parents. */
export function positionOf(
  parsed: Extract<Parsed, { ok: true }>,
  pointer: string,
): Position | undefined {
  let p = pointer;
  for (;;) {
    const pos = parsed.at(p);
    if (pos || p === "") return pos;
    p = p.slice(0, p.lastIndexOf("/"));
  }
}
