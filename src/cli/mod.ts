// The CLI's commands: which flags each takes, its help, and the one place that turns its
// failures into exit codes (2: the command line is wrong; 1: the work could not be done).
import { COMMON_FLAGS, type FlagSpec, parseArgs, type Parsed } from "./args.ts";
import { editConfig } from "./config_edit.ts";
import { configDiff, configHistory, configRestore } from "./config_history.ts";
import { deleteConfig, getConfig, listConfigs, setConfig } from "./configs.ts";
import { codegenCommand } from "./codegen.ts";
import { createEnvironment, listEnvironments } from "./environments.ts";
import { CliFailure, UsageError } from "./errors.ts";
import { evaluateCommand } from "./evaluate.ts";
import type { Io } from "./io.ts";
import {
  createApiKey,
  createSdkKey,
  deleteApiKey,
  deleteSdkKey,
  listApiKeys,
  listSdkKeys,
} from "./keys.ts";
import { backupCommand, resetPasswordCommand } from "./operator.ts";
import { listProfiles, removeProfile, setProfile } from "./profile_command.ts";
import { exportCommand, importCommand } from "./transfer.ts";
import { rotateKeyCommand } from "./rotate_key.ts";
import { verifyCommand } from "./verify.ts";

type Run = (p: Parsed, io: Io) => Promise<void>;
type Command = {
  usage: string;
  flags?: FlagSpec;
  run: Run;
  /** Unknown flags go to the server settings (DATA_DIR, DATABASE_URL, …). */
  settings?: boolean;
};

const S = "string" as const;
const B = "boolean" as const;

/** Command words → command; "configs get" is two words. */
const COMMANDS: Record<string, Command> = {
  "configs list": { usage: "configs list", run: listConfigs },
  "configs get": { usage: "configs get NAME [--value]", flags: { value: B }, run: getConfig },
  "configs set": {
    usage: "configs set NAME VALUE|--file F [--env ENV] [--schema F] [--description TEXT]",
    flags: { file: S, env: S, schema: S, description: S },
    run: setConfig,
  },
  "configs edit": { usage: "configs edit NAME            (in $VISUAL / $EDITOR)", run: editConfig },
  "configs delete": { usage: "configs delete NAME", run: deleteConfig },
  "configs history": { usage: "configs history NAME", run: configHistory },
  "configs diff": {
    usage: "configs diff NAME [VERSION] [--against N]",
    flags: { against: S },
    run: configDiff,
  },
  "configs restore": { usage: "configs restore NAME VERSION", run: configRestore },
  export: {
    usage: "export [--output FILE] [--sensitive omit|encrypted]",
    flags: { output: S, sensitive: S },
    run: exportCommand,
  },
  import: {
    usage: "import FILE|- [--on-conflict skip|replace] [--env-map OLD=NEW,…] [--dry-run]",
    flags: { "on-conflict": S, "env-map": S, "dry-run": B },
    run: importCommand,
  },
  "keys list": { usage: "keys list                    (SDK keys)", run: listSdkKeys },
  "keys create": {
    usage: "keys create --env ENV [--name N] [--description TEXT]",
    flags: { env: S, name: S, description: S },
    run: createSdkKey,
  },
  "keys delete": { usage: "keys delete ID", run: deleteSdkKey },
  "keys api list": {
    usage: "keys api list [--workspace W]",
    flags: { workspace: S },
    run: listApiKeys,
  },
  "keys api create": {
    usage:
      "keys api create --name N --scopes S,… [--projects ID,…] [--expires ISO] [--workspace W]",
    flags: { name: S, scopes: S, projects: S, expires: S, description: S, workspace: S },
    run: createApiKey,
  },
  "keys api delete": {
    usage: "keys api delete ID [--workspace W]",
    flags: { workspace: S },
    run: deleteApiKey,
  },
  "env list": { usage: "env list", run: listEnvironments },
  "env create": {
    usage: "env create NAME [--copy-from ENV]",
    flags: { "copy-from": S },
    run: createEnvironment,
  },
  evaluate: {
    usage: "evaluate NAME --context '{…}' [--env ENV] [--trace]",
    flags: { context: S, env: S, trace: B },
    run: evaluateCommand,
  },
  codegen: {
    usage:
      "codegen --lang ts|python|csharp|go [--from EXPORT] [--output F] [--namespace N] [--package P]",
    flags: { lang: S, from: S, output: S, namespace: S, package: S },
    run: codegenCommand,
  },
  "profile list": { usage: "profile list", run: listProfiles },
  "profile set": {
    usage: "profile set NAME --url URL [--api-key KEY] [--project P]",
    run: setProfile,
  },
  "profile remove": { usage: "profile remove NAME", run: removeProfile },
  "users reset-password": {
    usage: "users reset-password EMAIL [--generate]   (password from stdin or a prompt)",
    flags: { generate: B },
    run: resetPasswordCommand,
    settings: true,
  },
  "rotate-key": {
    usage: "rotate-key                    (re-wrap data keys under ENCRYPTION_KEY)",
    run: rotateKeyCommand,
    settings: true,
  },
  backup: {
    usage: "backup [--output FILE]",
    flags: { output: S },
    run: backupCommand,
    settings: true,
  },
  verify: {
    usage: "verify                       (the history's hash chains)",
    run: verifyCommand,
    settings: true,
  },
};

/** The first words of every CLI command, for main.ts to route. */
export const CLI_COMMANDS: ReadonlySet<string> = new Set(
  Object.keys(COMMANDS).map((k) => k.split(" ")[0]!),
);

export const CLI_USAGE = `Admin commands talk to a server with an API key: --url and --api-key, or
DIALTONE_URL and DIALTONE_API_KEY, or a saved profile (--profile NAME, DIALTONE_PROFILE);
--project NAME|ID (DIALTONE_PROJECT) picks the project; --json prints JSON for scripts.
${Object.values(COMMANDS).filter((c) => !c.settings).map((c) => `  dialtone ${c.usage}`).join("\n")}

Operator commands act on this machine's database, with the server's settings (--data-dir, …):
${Object.values(COMMANDS).filter((c) => c.settings).map((c) => `  dialtone ${c.usage}`).join("\n")}

Exit codes: 0 done, 1 the server or the database refused (the message says why), 2 bad usage.
Every command is described in docs/cli.md.`;

function find(args: string[]): { command: Command; words: string[]; rest: string[] } | null {
  for (const n of [3, 2, 1]) {
    const words = args.slice(0, n);
    const command = COMMANDS[words.join(" ")];
    if (command) return { command, words, rest: args.slice(n) };
  }
  return null;
}

function groupUsage(word: string): string {
  const lines = Object.entries(COMMANDS).filter(([k]) => k.split(" ")[0] === word);
  return lines.map(([, c]) => `  dialtone ${c.usage}`).join("\n");
}

/** Runs a CLI command; answers the exit code. */
export async function runCli(args: string[], io: Io): Promise<number> {
  const found = find(args);
  try {
    if (!found) {
      const group = groupUsage(args[0] ?? "");
      const sub = args[1] === undefined || args[1].startsWith("-") ? "" : ` ${args[1]}`;
      if (args.includes("--help") || args.includes("-h")) return (io.out(group), 0);
      throw new UsageError(`Unknown command "${args[0]}${sub}". Its commands:\n${group}`);
    }
    const { command, rest } = found;
    const p = parseArgs(rest, { ...COMMON_FLAGS, ...command.flags }, command.settings);
    if (p.flags.get("help") === true) return (io.out(`Usage: dialtone ${command.usage}`), 0);
    await command.run(p, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      if (found) io.err(`Usage: dialtone ${found.command.usage}`);
      return 2;
    }
    if (error instanceof CliFailure) {
      io.err(error.message);
      // The server's message already names its first problem; list the others.
      for (const d of error.details) if (!error.message.includes(d)) io.err(`  - ${d}`);
      return 1;
    }
    io.err(`dialtone ${found?.words.join(" ") ?? ""} failed: ${(error as Error).message ?? error}`);
    return 1;
  }
}
