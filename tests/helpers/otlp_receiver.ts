// A small OTLP/HTTP collector for tests: accepts POST /v1/traces, /v1/logs and /v1/metrics
// in the JSON encoding (OTEL_EXPORTER_OTLP_PROTOCOL=http/json) and keeps the spans and log
// records, flattened, with the service.name of the process that sent them.
export type ReceivedSpan = {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  kind: number;
  startMs: number;
  endMs: number;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string }[];
};

export type ReceivedLog = {
  service: string;
  body: string;
  traceId: string;
  spanId: string;
};

type KeyValue = { key: string; value: Record<string, unknown> };
type Resource = { resource?: { attributes?: KeyValue[] } };

function value(v: Record<string, unknown>): unknown {
  if ("stringValue" in v) return v.stringValue;
  if ("intValue" in v) return Number(v.intValue);
  if ("doubleValue" in v) return v.doubleValue;
  if ("boolValue" in v) return v.boolValue;
  return v;
}

const attrs = (list: KeyValue[] | undefined) =>
  Object.fromEntries((list ?? []).map((a) => [a.key, value(a.value)]));

const serviceOf = (r: Resource) => String(attrs(r.resource?.attributes)["service.name"] ?? "");

export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly logs: ReceivedLog[] = [];
  /** Request bodies that were not OTLP JSON (the tests expect none). */
  readonly rejected: string[] = [];
  readonly #server: Deno.HttpServer<Deno.NetAddr>;

  constructor() {
    this.#server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
      const path = new URL(req.url).pathname;
      const text = await req.text();
      try {
        if (!req.headers.get("content-type")?.includes("json")) throw new Error("not JSON");
        const body = JSON.parse(text);
        if (path === "/v1/traces") this.#traces(body);
        else if (path === "/v1/logs") this.#logs(body);
      } catch (error) {
        this.rejected.push(`${path}: ${(error as Error).message}`);
        return new Response("{}", { status: 400 });
      }
      return Response.json({});
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.#server.addr.port}`;
  }

  /** The environment a Dialtone process needs to export here as `service`. */
  env(service: string): Record<string, string> {
    return {
      OTEL_DENO: "true",
      OTEL_EXPORTER_OTLP_ENDPOINT: this.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_SERVICE_NAME: service,
    };
  }

  async close(): Promise<void> {
    await this.#server.shutdown();
  }

  #traces(body: { resourceSpans?: (Resource & { scopeSpans?: { spans?: RawSpan[] }[] })[] }) {
    for (const rs of body.resourceSpans ?? []) {
      const service = serviceOf(rs);
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          this.spans.push({
            service,
            name: s.name,
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId ?? "",
            kind: s.kind,
            startMs: Number(BigInt(s.startTimeUnixNano) / 1_000_000n),
            endMs: Number(BigInt(s.endTimeUnixNano) / 1_000_000n),
            attributes: attrs(s.attributes),
            links: (s.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
          });
        }
      }
    }
  }

  #logs(body: { resourceLogs?: (Resource & { scopeLogs?: { logRecords?: RawLog[] }[] })[] }) {
    for (const rl of body.resourceLogs ?? []) {
      const service = serviceOf(rl);
      for (const sl of rl.scopeLogs ?? []) {
        for (const r of sl.logRecords ?? []) {
          this.logs.push({
            service,
            body: String(value(r.body ?? {})),
            traceId: r.traceId ?? "",
            spanId: r.spanId ?? "",
          });
        }
      }
    }
  }
}

type RawSpan = {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: KeyValue[];
  links?: { traceId: string; spanId: string }[];
};

type RawLog = { body?: Record<string, unknown>; traceId?: string; spanId?: string };
