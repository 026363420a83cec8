// Prometheus metrics in the text exposition format 0.0.4: counters, gauges and histograms with
// labels, and collect() callbacks that read plain counters at scrape time. Our own because
// prom-client makes `deno compile` (Deno 2.9) overflow its stack while analysing its CommonJS
// exports, and the product ships as one compiled binary. The API follows prom-client's where
// we use it, so the series code reads the same.

type Labels = Record<string, string | number>;

type MetricOptions<L extends string, M> = {
  name: string;
  help: string;
  labelNames?: readonly L[];
  registers?: Registry[];
  /** Runs before each scrape; `this` is the metric. */
  collect?: (this: M) => void | Promise<void>;
};

/** Label values as the series key, in labelNames order. */
function keyOf(labelNames: readonly string[], labels: Labels | undefined): string {
  return JSON.stringify(labelNames.map((n) => String(labels?.[n] ?? "")));
}

const escapeLabel = (v: string) =>
  v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

function formatNumber(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

function labelText(names: readonly string[], values: readonly string[], extra = ""): string {
  const parts = names.map((n, i) => `${n}="${escapeLabel(values[i] ?? "")}"`);
  if (extra) parts.push(extra);
  return parts.length > 0 ? `{${parts.join(",")}}` : "";
}

abstract class Metric<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  readonly #collect: ((this: unknown) => void | Promise<void>) | undefined;
  abstract readonly type: "counter" | "gauge" | "histogram";

  constructor(o: MetricOptions<L, never>) {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(o.name)) throw new Error(`Bad metric name ${o.name}`);
    this.name = o.name;
    this.help = o.help;
    this.labelNames = o.labelNames ?? [];
    this.#collect = o.collect as ((this: unknown) => void | Promise<void>) | undefined;
    for (const r of o.registers ?? []) r.registerMetric(this);
  }

  async text(): Promise<string> {
    await this.#collect?.call(this);
    const head = `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} ${this.type}\n`;
    return head + this.samples().join("");
  }

  protected abstract samples(): string[];
  abstract reset(): void;
}

/** inc(n), inc(labels), inc(labels, n). */
function args(a?: Labels | number, b?: number): [Labels | undefined, number | undefined] {
  return typeof a === "number" ? [undefined, a] : [a, b];
}

class ValueMetric<L extends string> extends Metric<L> {
  readonly type: "counter" | "gauge" = "gauge";
  protected values = new Map<string, number>();

  protected add(labels: Labels | undefined, n: number): void {
    const key = keyOf(this.labelNames, labels);
    this.values.set(key, (this.values.get(key) ?? 0) + n);
  }

  reset(): void {
    this.values.clear();
  }

  protected samples(): string[] {
    if (this.values.size === 0 && this.labelNames.length === 0) return [`${this.name} 0\n`];
    return [...this.values].map(([key, v]) =>
      `${this.name}${labelText(this.labelNames, JSON.parse(key))} ${formatNumber(v)}\n`
    );
  }
}

export class Counter<L extends string = string> extends ValueMetric<L> {
  override readonly type = "counter";

  constructor(o: MetricOptions<L, Counter<L>>) {
    super(o as MetricOptions<L, never>);
  }

  inc(a?: Labels | number, b?: number): void {
    const [labels, n = 1] = args(a, b);
    if (n < 0) throw new Error(`Counter ${this.name} cannot go down`);
    this.add(labels, n);
  }
}

export class Gauge<L extends string = string> extends ValueMetric<L> {
  constructor(o: MetricOptions<L, Gauge<L>>) {
    super(o as MetricOptions<L, never>);
  }

  set(a: Labels | number, b?: number): void {
    const [labels, v] = args(a, b);
    this.values.set(keyOf(this.labelNames, labels), v ?? 0);
  }

  inc(a?: Labels | number, b?: number): void {
    const [labels, n = 1] = args(a, b);
    this.add(labels, n);
  }

  dec(a?: Labels | number, b?: number): void {
    const [labels, n = 1] = args(a, b);
    this.add(labels, -n);
  }
}

type HistogramSeries = { counts: number[]; sum: number; count: number };

export class Histogram<L extends string = string> extends Metric<L> {
  readonly type = "histogram";
  readonly buckets: readonly number[];
  #series = new Map<string, HistogramSeries>();

  constructor(o: MetricOptions<L, Histogram<L>> & { buckets?: number[] }) {
    super(o as MetricOptions<L, never>);
    this.buckets = [...(o.buckets ?? [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10])]
      .sort((a, b) => a - b);
  }

  observe(a: Labels | number, b?: number): void {
    const [labels, v = 0] = args(a, b);
    const key = keyOf(this.labelNames, labels);
    let s = this.#series.get(key);
    if (!s) this.#series.set(key, s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 });
    const i = this.buckets.findIndex((le) => v <= le);
    if (i >= 0) s.counts[i]!++;
    s.sum += v;
    s.count++;
  }

  reset(): void {
    this.#series.clear();
  }

  protected samples(): string[] {
    const out: string[] = [];
    const series = this.#series.size === 0 && this.labelNames.length === 0
      ? new Map([[keyOf([], undefined), { counts: this.buckets.map(() => 0), sum: 0, count: 0 }]])
      : this.#series;
    for (const [key, s] of series) {
      const values: string[] = JSON.parse(key);
      let cumulative = 0;
      this.buckets.forEach((le, i) => {
        cumulative += s.counts[i]!;
        const labels = labelText(this.labelNames, values, `le="${formatNumber(le)}"`);
        out.push(`${this.name}_bucket${labels} ${cumulative}\n`);
      });
      out.push(
        `${this.name}_bucket${labelText(this.labelNames, values, 'le="+Inf"')} ${s.count}\n`,
      );
      out.push(`${this.name}_sum${labelText(this.labelNames, values)} ${formatNumber(s.sum)}\n`);
      out.push(`${this.name}_count${labelText(this.labelNames, values)} ${s.count}\n`);
    }
    return out;
  }
}

export class Registry {
  readonly contentType = "text/plain; version=0.0.4; charset=utf-8";
  #metrics = new Map<string, Metric<string>>();

  registerMetric(metric: Metric<string>): void {
    if (this.#metrics.has(metric.name)) {
      throw new Error(`A metric named ${metric.name} is already registered`);
    }
    this.#metrics.set(metric.name, metric);
  }

  /** Every metric in the text format, each collected first. */
  async metrics(): Promise<string> {
    const parts = await Promise.all([...this.#metrics.values()].map((m) => m.text()));
    return parts.join("\n");
  }
}
