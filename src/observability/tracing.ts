// OpenTelemetry spans for the steps a change takes (docs/observability.md): the store
// transaction that commits it (`db.write`, whose context is saved with the change-feed row), the
// replicator applying it on each instance (`replica.apply`, a child of the writer's span, read
// back from the row, so the trace crosses instances), and each hub fan-out pass that hands it to
// the SDK streams (`hub.fanout`, one span per pass, none per frame). Deno's built-in OTel
// (OTEL_DENO=true) exports them with its own server and fetch spans; only used when it is on.
import { type Link, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { HubObserver } from "../realtime/hub.ts";
import type { Change } from "../store/changes.ts";
import type { Store, Tx } from "../store/store.ts";
import { contextOf, tracer } from "./trace_context.ts";

function ended<T>(span: Span, run: () => Promise<T>): Promise<T> {
  return run().then(
    (result) => {
      span.end();
      return result;
    },
    (error) => {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: String((error as Error)?.message) });
      span.end();
      throw error;
    },
  );
}

/** The store with a span per transaction; a write's span names the revision it appended. */
export function tracedStore(inner: Store): Store {
  const system = inner.dialect === "postgres" ? "postgresql" : "sqlite";
  const attributes = { "db.system.name": system };
  return {
    get dialect() {
      return inner.dialect;
    },
    get listening() {
      return inner.listening;
    },
    get listens() {
      return inner.listens;
    },
    read: <T>(fn: (tx: Tx) => Promise<T>) =>
      tracer.startActiveSpan(
        "db.read",
        { kind: SpanKind.CLIENT, attributes },
        (span) => ended(span, () => inner.read(fn)),
      ),
    write: <T>(fn: (tx: Tx) => Promise<T>) =>
      tracer.startActiveSpan(
        "db.write",
        { kind: SpanKind.CLIENT, attributes },
        (span) =>
          ended(span, () =>
            inner.write(async (tx) => {
              const result = await fn(tx);
              const revision = tx.feed.lastAppended;
              if (revision !== null) span.setAttribute("dialtone.revision", revision);
              return result;
            })),
      ),
    listen: (onChange) => inner.listen(onChange),
    close: () => inner.close(),
  };
}

/** Remembers the writer's context per revision, for the fan-out spans that follow. */
export class ChangeTracing implements HubObserver {
  readonly #traces = new Map<number, string>();

  /** Runs the replicator's commit of `changes` inside a `replica.apply` span. */
  apply = (changes: Change[], commit: () => void): void => {
    const traced = changes.filter((c) => c.trace);
    if (traced.length === 0) return commit();
    for (const c of traced) {
      this.#traces.set(c.revision, c.trace!);
      if (this.#traces.size > 4096) this.#traces.delete(this.#traces.keys().next().value!);
    }
    const parent = contextOf(traced[0]!.trace);
    const span = tracer.startSpan("replica.apply", {
      attributes: {
        "dialtone.revision": changes[changes.length - 1]!.revision,
        "dialtone.revision.first": changes[0]!.revision,
        "dialtone.changes": changes.length,
      },
      links: linksOf(traced.slice(1).map((c) => c.trace!)),
    }, parent ?? undefined);
    try {
      commit();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  };

  /** One span per finished fan-out pass, under the trace of its first traced revision. */
  delivered(environmentId: string, revisions: number[], startedMs: number): void {
    const traces = revisions.map((r) => this.#traces.get(r)).filter((t) => t !== undefined);
    if (traces.length === 0) return;
    const startTime = Date.now() - (performance.now() - startedMs);
    tracer.startSpan("hub.fanout", {
      startTime,
      attributes: {
        "dialtone.environment_id": environmentId,
        "dialtone.revision": revisions[revisions.length - 1]!,
        "dialtone.revisions": revisions.length,
      },
      links: linksOf(traces.slice(1)),
    }, contextOf(traces[0]) ?? undefined).end();
  }
}

function linksOf(traceparents: string[]): Link[] {
  const links: Link[] = [];
  for (const t of traceparents) {
    const ctx = contextOf(t);
    const sc = ctx && trace.getSpanContext(ctx);
    if (sc) links.push({ context: sc });
  }
  return links;
}

/** Names the request's server span after its route template: `PUT /api/.../{name}`. */
export function nameServerSpan(method: string, route: string): void {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return;
  span.setAttribute("http.route", route);
  span.updateName(`${method} ${route}`);
}
