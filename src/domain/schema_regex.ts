// Regular expressions from users (JSON Schema `pattern` and `patternProperties`) run on
// re2js, a linear-time engine, never on the backtracking RegExp: matching costs at most
// (text length × program size) steps, so no pattern can freeze the event loop. Patterns use
// RE2 syntax plus JavaScript's \uXXXX and \u{...} escapes; lookaround and backreferences,
// which no linear-time engine can run, are refused. Program size is estimated from the text
// before compiling, because compiling a huge program is itself slow.
import { RE2JS } from "re2js";
import { LIMITS } from "./limits.ts";

/** A value as JSON for a message, cut at 60 characters (names.ts has the same, but pulls zod
 * into the dashboard bundle, which runs these modules too). */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

export type UserRegex = {
  readonly source: string;
  /** RE2 program size: matching costs at most this many steps per character. */
  readonly size: number;
  test(text: string): boolean;
};

type Frame = { branches: number; current: number; last: number };

const clamp = (n: number) => Math.min(n, 1e9);

/** Skips an escape at `i` (a backslash); returns the index of its last character. */
function skipEscape(p: string, i: number): number {
  const next = p[i + 1];
  if ((next === "p" || next === "P" || next === "x" || next === "u") && p[i + 2] === "{") {
    const close = p.indexOf("}", i + 3);
    return close < 0 ? p.length - 1 : close;
  }
  if (next === "u") return Math.min(i + 5, p.length - 1);
  return i + 1;
}

/** Skips a character class at `i` (a "["); returns the index of its "]". */
function skipClass(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === "^") j++;
  if (p[j] === "]") j++;
  for (; j < p.length; j++) {
    if (p[j] === "\\") j = skipEscape(p, j);
    else if (p[j] === "]") return j;
  }
  return p.length - 1;
}

/**
 * An upper estimate of the RE2 program size of `p`, in one pass: each atom counts one, a
 * group or alternative one more, `x{n,m}` repeats x m times, and the sum is doubled.
 * Malformed patterns get some number; RE2 refuses them when compiling.
 */
export function estimateProgramSize(p: string): number {
  const stack: Frame[] = [{ branches: 0, current: 0, last: 0 }];
  const top = () => stack[stack.length - 1]!;
  const atom = (cost: number) => {
    const f = top();
    f.current = clamp(f.current + cost);
    f.last = cost;
  };
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") {
      i = skipEscape(p, i);
      atom(1);
    } else if (c === "[") {
      i = skipClass(p, i);
      atom(1);
    } else if (c === "(") {
      if (p[i + 1] === "?") {
        let j = i + 2;
        while (j < p.length && !":)>".includes(p[j]!)) j++;
        if (p[j] === ")") { // a flag group such as (?i)
          i = j;
          continue;
        }
        i = j;
      }
      stack.push({ branches: 0, current: 0, last: 0 });
    } else if (c === ")" && stack.length > 1) {
      const f = stack.pop()!;
      atom(clamp(f.branches + f.current + 2));
    } else if (c === "|") {
      const f = top();
      f.branches = clamp(f.branches + f.current + 1);
      f.current = 0;
      f.last = 0;
    } else if (c === "*" || c === "+" || c === "?") {
      if (c === "?" && "*+?}".includes(p[i - 1] ?? "")) continue; // lazy marker
      top().current = clamp(top().current + 1);
    } else if (c === "{") {
      const m = /^\{(\d{1,7})(,(\d{0,7}))?\}/.exec(p.slice(i, i + 18));
      if (!m) {
        atom(1);
        continue;
      }
      const times = Math.max(Number(m[1]), m[3] ? Number(m[3]) : 0, 1);
      const f = top();
      f.current = clamp(f.current + f.last * (times - 1) + 1);
      f.last = clamp(f.last * times);
      i += m[0].length - 1;
    } else {
      atom(1);
    }
  }
  let total = 0;
  while (stack.length > 0) {
    const f = stack.pop()!;
    total = clamp(total + f.branches + f.current + 1);
  }
  // RE2 adds an alternation to most atoms it repeats, and a few instructions around it all.
  return clamp(2 * total + 3);
}

/** `pattern` compiled for the linear-time engine, or why it cannot be. */
export function compileUserRegex(pattern: string): UserRegex | { problem: string } {
  if (pattern.length > LIMITS.maxPatternLength) {
    return {
      problem: `pattern ${quote(pattern.slice(0, 40) + "…")} is ${pattern.length} characters ` +
        `long; the limit is ${LIMITS.maxPatternLength}`,
    };
  }
  const tooBig = (size: number) => ({
    problem: `pattern ${quote(pattern)} is too complex: about ${size} steps per character ` +
      `of text; the limit is ${LIMITS.maxPatternProgram}`,
  });
  const estimate = estimateProgramSize(pattern);
  if (estimate > LIMITS.maxPatternProgram) return tooBig(estimate);
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      problem: `pattern ${quote(pattern)} is not supported: ${reason} (patterns use RE2 ` +
        "syntax, run in linear time; lookahead, lookbehind and backreferences are not available)",
    };
  }
  const size = re.programSize();
  if (size > LIMITS.maxPatternProgram) return tooBig(size);
  return { source: pattern, size, test: (text) => re.test(text) };
}
