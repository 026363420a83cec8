// Warnings a write answered with (a dangling reference, a deleted config still referenced):
// the write happened, so they go to standard error and do not change the exit code.
import type { Issue } from "../domain/issues.ts";
import type { Io } from "./io.ts";

export function printWarnings(io: Io, warnings: readonly Issue[] | undefined): void {
  for (const w of warnings ?? []) io.err(`warning: ${w.path ? `${w.path}: ` : ""}${w.message}`);
}
