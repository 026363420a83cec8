// The only place that reads the environment and flags, handles signals and exits.
import { CLI_COMMANDS, CLI_USAGE, runCli } from "./src/cli/mod.ts";
import { processIo } from "./src/cli/io.ts";
import { loadConfig, settingsHelp } from "./src/config/config.ts";
import { createLogger } from "./src/log.ts";
import { otelLogOptions } from "./src/observability/otel_log.ts";
import { installSafetyNet } from "./src/safety_net.ts";
import { openPrimaryStore, SchemaTooNewError, startServer, StartupError } from "./src/server.ts";
import { startRelay } from "./src/relay/relay_server.ts";
import { VERSION } from "./src/version.ts";

const USAGE = `Dialtone ${VERSION}: dynamic configuration and feature flags

Usage:
  dialtone [serve] [--option value ...]   run the server (the default)
  dialtone migrate [--option value ...]   apply database migrations, then exit
  dialtone healthcheck                    exit 0 when the local server answers its health check
  dialtone version                        print the version
  dialtone help                           print this help

${CLI_USAGE}

Every option is an environment variable, or the flag of the same name
(PORT=9000 is --port 9000, DATABASE_URL=... is --database-url ...):

${settingsHelp()}
`;

const SHUTDOWN_TIMEOUT_MS = 20_000;
/** Where `deno task build:ui` writes the dashboard; `deno compile --include ui/dist` embeds it. */
const DIST_DIR = `${import.meta.dirname}/ui/dist`;

const encoder = new TextEncoder();
const out = (text: string) => Deno.stdout.writeSync(encoder.encode(text + "\n"));
const err = (text: string) => Deno.stderr.writeSync(encoder.encode(text + "\n"));

async function main(args: string[]): Promise<number> {
  const [first, ...rest] = args;
  const command = first === undefined || first.startsWith("--") ? "serve" : first;
  const options = command === "serve" && first !== "serve" ? args : rest;

  if (command === "version" || command === "--version") return (out(VERSION), 0);
  if (command === "help" || command === "--help" || command === "-h") return (out(USAGE), 0);
  if (CLI_COMMANDS.has(command)) return await runCli(args, processIo(Deno.env.toObject()));
  if (command !== "serve" && command !== "migrate" && command !== "healthcheck") {
    err(`Unknown command "${command}". Run \`dialtone help\` for usage.`);
    return 2;
  }

  const loaded = loadConfig(Deno.env.toObject(), options);
  if (!loaded.ok) {
    err("Dialtone cannot start, because of these settings:");
    for (const problem of loaded.problems) err(`  - ${problem}`);
    return 2;
  }
  const config = loaded.config;
  const log = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    ...(config.tracing ? otelLogOptions() : {}),
  });
  installSafetyNet(log);
  if (command === "healthcheck") return await healthcheck(config.port, config.healthcheckPath);
  for (const warning of loaded.warnings) log.warn(warning);

  try {
    if (command === "migrate") {
      await Deno.mkdir(config.dataDir, { recursive: true });
      const store = await openPrimaryStore(config, log);
      await store.close();
      log.info("The database schema is up to date", { storage: store.dialect });
      return 0;
    }
    // Relay mode (docs/relay.md): fed by another instance, no database.
    const server = config.upstreamUrl
      ? await startRelay(config, log)
      : await startServer(config, log, { distDir: DIST_DIR });
    const { promise: stopped, resolve } = Promise.withResolvers<string>();
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      Deno.addSignalListener(signal, () => resolve(signal));
    }
    log.info("Stopping", { signal: await stopped });
    // A request stuck on a dead database connection would hold the graceful shutdown forever.
    const deadline = setTimeout(() => {
      log.error(`Shutdown did not finish within ${SHUTDOWN_TIMEOUT_MS / 1000} s; exiting`);
      Deno.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    await server.shutdown();
    clearTimeout(deadline);
    return 0;
  } catch (error) {
    if (error instanceof StartupError || error instanceof SchemaTooNewError) {
      log.error(error.message);
      return 1;
    }
    log.error("Dialtone failed", { error });
    return 1;
  }
}

/** For container health checks, where no curl is at hand. */
async function healthcheck(port: number, path: string): Promise<number> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      signal: AbortSignal.timeout(3000),
    });
    await res.body?.cancel();
    return res.ok ? 0 : 1;
  } catch {
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
