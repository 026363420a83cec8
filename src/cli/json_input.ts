// JSON given on the command line, in a file or on standard input, with errors that say where.
import { CliFailure, UsageError } from "./errors.ts";
import type { Io } from "./io.ts";
import type { Json } from "./admin_client.ts";

/** Parses `text` as JSON; a usage error naming `what` when it is not. */
export function parseJsonArg(text: string, what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    const hint = /^[A-Za-z]/.test(text.trim())
      ? ` (a string needs JSON quotes: '"${text.trim().slice(0, 40)}"')`
      : "";
    throw new UsageError(`${what} is not JSON: ${(error as Error).message}${hint}`);
  }
}

/** A file's text, or standard input's for "-". */
export async function readInput(path: string, io: Io): Promise<string> {
  if (path === "-") return await io.readStdin();
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    throw new CliFailure(`Cannot read ${path}: ${(error as Error).message}`);
  }
}

/** A JSON file (or "-" for standard input). */
export async function readJsonFile(path: string, io: Io): Promise<Json> {
  const text = await readInput(path, io);
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new CliFailure(`Cannot read ${path}: it is not JSON (${(error as Error).message})`);
  }
}

/** Writes `text` to `path`, or to standard output for "-" or no path. */
export async function writeOutput(path: string | undefined, text: string, io: Io): Promise<void> {
  if (path === undefined || path === "-") return io.out(text.replace(/\n$/, ""));
  try {
    await Deno.writeTextFile(path, text);
  } catch (error) {
    throw new CliFailure(`Cannot write ${path}: ${(error as Error).message}`);
  }
}
