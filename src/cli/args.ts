// Flags and positional arguments of one CLI command, checked against what the command takes.
import { UsageError } from "./errors.ts";

export type FlagKind = "string" | "boolean";
export type FlagSpec = Record<string, FlagKind>;

export type Parsed = {
  positionals: string[];
  flags: Map<string, string | true>;
  /** Flags not in the spec, when the command passes them on (server settings). */
  passthrough: string[];
};

/** Flags every admin command takes. */
export const COMMON_FLAGS: FlagSpec = {
  url: "string",
  "api-key": "string",
  profile: "string",
  project: "string",
  json: "boolean",
  help: "boolean",
};

/**
 * Parses `--name value`, `--name=value` and boolean `--name`; `--` ends the flags. An unknown
 * flag is a usage error, unless `passthrough` is set: then it and its value are kept aside.
 */
export function parseArgs(args: string[], spec: FlagSpec, passthrough = false): Parsed {
  const parsed: Parsed = { positionals: [], flags: new Map(), passthrough: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === "-h") {
      parsed.flags.set("help", true);
      continue;
    }
    const match = /^--([a-z0-9-]+)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      if (arg.startsWith("-") && arg !== "-") throw new UsageError(`Unknown option "${arg}"`);
      parsed.positionals.push(arg);
      continue;
    }
    const [, name, inline] = match as unknown as [string, string, string | undefined];
    const kind = spec[name];
    if (kind === undefined) {
      if (!passthrough) throw new UsageError(`Unknown option "--${name}"`);
      parsed.passthrough.push(arg);
      const next = args[i + 1];
      if (inline === undefined && next !== undefined && !next.startsWith("--")) {
        parsed.passthrough.push(next);
        i++;
      }
      continue;
    }
    if (kind === "boolean") {
      if (inline !== undefined && inline !== "true" && inline !== "false") {
        throw new UsageError(`Option "--${name}" takes no value (got "${inline}")`);
      }
      if (inline !== "false") parsed.flags.set(name, true);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`Option "--${name}" needs a value`);
    parsed.flags.set(name, value);
  }
  return parsed;
}

export function stringFlag(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === "string" ? v : undefined;
}

export const boolFlag = (p: Parsed, name: string) => p.flags.get(name) === true;

/** The positional argument at `index`, or a usage error naming what is missing. */
export function positional(p: Parsed, index: number, what: string): string {
  const v = p.positionals[index];
  if (v === undefined) throw new UsageError(`Missing ${what}`);
  return v;
}

/** Fails on positional arguments past the `count` a command takes. */
export function noMore(p: Parsed, count: number): void {
  const extra = p.positionals[count];
  if (extra !== undefined) throw new UsageError(`Unexpected argument "${extra}"`);
}
