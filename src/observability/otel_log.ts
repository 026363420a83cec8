// Log lines with OpenTelemetry on (OTEL_DENO=true): written through console.error, which
// Deno's OTel exports as log records tied to the active span (Deno.stderr.writeSync, the
// logger's usual path, is not seen by it), and carrying traceId and spanId for plain log search.
import type { LogOptions } from "../log.ts";
import { traceFields } from "./trace_context.ts";

export function otelLogOptions(): Pick<LogOptions, "write" | "extra"> {
  return {
    // deno-lint-ignore no-console
    write: (line) => console.error(line),
    extra: traceFields,
  };
}
