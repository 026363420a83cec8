// The one logger: JSON lines in production, readable lines on a terminal.
export type LogLevel = "debug" | "info" | "warn" | "error";
export type Fields = Record<string, unknown>;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type Logger = {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
};

export type LogOptions = {
  level?: LogLevel;
  format?: "auto" | "json" | "pretty";
  write?: (line: string) => void;
  /** Fields added to every line when it is written (the active trace, with OpenTelemetry). */
  extra?: () => Fields;
};

export function createLogger(options: LogOptions = {}, base: Fields = {}): Logger {
  const min = RANK[options.level ?? "info"];
  const write = options.write ?? ((line: string) => writeStderr(line));
  const pretty = options.format === "pretty" ||
    (options.format !== "json" && options.write === undefined && Deno.stderr.isTerminal());
  const emit = (level: LogLevel, msg: string, fields?: Fields) => {
    if (RANK[level] < min) return;
    const all = options.extra ? { ...base, ...fields, ...options.extra() } : { ...base, ...fields };
    write(pretty ? prettyLine(level, msg, all) : jsonLine(level, msg, all));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger(options, { ...base, ...fields }),
  };
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = createLogger({ level: "error", write: () => {} });

function jsonLine(level: LogLevel, msg: string, fields: Fields): string {
  return JSON.stringify({ time: new Date().toISOString(), level, msg, ...serializable(fields) });
}

function prettyLine(level: LogLevel, msg: string, fields: Fields): string {
  const time = new Date().toISOString().slice(11, 23);
  const extra = Object.entries(serializable(fields))
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
  return `${time} ${level.toUpperCase().padEnd(5)} ${msg}${extra ? ` ${extra}` : ""}`;
}

function serializable(fields: Fields): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v;
  }
  return out;
}

const encoder = new TextEncoder();
function writeStderr(line: string): void {
  Deno.stderr.writeSync(encoder.encode(line + "\n"));
}
