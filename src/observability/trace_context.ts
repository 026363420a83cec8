// The small part of OpenTelemetry the rest of the code touches: the tracer, the current span's
// context as a W3C traceparent (stored with each change-feed row, so another instance's
// replicator continues the trace), and back. With OTEL_DENO unset, @opentelemetry/api is a
// no-op: getActiveSpan() is undefined and these cost a function call.
import { type Context, context, trace, TraceFlags } from "@opentelemetry/api";

export const tracer = trace.getTracer("dialtone");

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The active span as `00-<trace id>-<span id>-<flags>`, or null when nothing is traced. */
export function currentTraceparent(): string | null {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return null;
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, "0")}`;
}

/** A context whose parent is the span a traceparent names (null: not a valid one). */
export function contextOf(traceparent: string | null | undefined): Context | null {
  const m = traceparent ? TRACEPARENT.exec(traceparent) : null;
  if (!m) return null;
  return trace.setSpanContext(context.active(), {
    traceId: m[1]!,
    spanId: m[2]!,
    traceFlags: parseInt(m[3]!, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  });
}

/** `traceId` and `spanId` of the active span, for log lines; empty when nothing is traced. */
export function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}
