// Process health: memory, CPU and event-loop delay. prom-client's default collectors are not
// used: some of their names break Prometheus conventions (`promtool check metrics` flags gauges
// ending in _total), and their event-loop monitor reads zero under Deno. The delay is sampled
// here by a timer: how late a 100 ms tick fires is how long the loop was busy.
import process from "node:process";
import * as client from "./prom.ts";

const SAMPLE_MS = 100;

export class ProcessMetrics {
  #timer: ReturnType<typeof setInterval> | undefined;
  #maxDelayMs = 0;

  constructor(registry: client.Registry) {
    const registers = [registry];
    const delay = new client.Histogram({
      name: "dialtone_event_loop_delay_seconds",
      help: "How late a 100 ms timer fired: time the event loop was busy with other work",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    let expected = performance.now() + SAMPLE_MS;
    const timer = setInterval(() => {
      const now = performance.now();
      const late = Math.max(0, now - expected);
      expected = now + SAMPLE_MS;
      delay.observe(late / 1000);
      if (late > this.#maxDelayMs) this.#maxDelayMs = late;
    }, SAMPLE_MS);
    Deno.unrefTimer(timer);
    this.#timer = timer;

    const takeMax = () => {
      const max = this.#maxDelayMs;
      this.#maxDelayMs = 0;
      return max;
    };
    new client.Gauge({
      name: "dialtone_event_loop_delay_max_seconds",
      help: "The longest event-loop delay since the previous scrape",
      registers,
      collect() {
        this.set(takeMax() / 1000);
      },
    });
    new client.Gauge({
      name: "process_resident_memory_bytes",
      help: "Resident memory size in bytes",
      registers,
      collect() {
        this.set(Deno.memoryUsage().rss);
      },
    });
    new client.Gauge({
      name: "dialtone_heap_bytes",
      help:
        "V8 heap: `used` and `total` (allocated) bytes, and `external` memory held by JS objects",
      labelNames: ["kind"] as const,
      registers,
      collect() {
        const m = Deno.memoryUsage();
        this.set({ kind: "used" }, m.heapUsed);
        this.set({ kind: "total" }, m.heapTotal);
        this.set({ kind: "external" }, m.external);
      },
    });
    new client.Counter({
      name: "process_cpu_seconds_total",
      help: "User and system CPU time spent, in seconds",
      registers,
      collect() {
        const cpu = process.cpuUsage();
        this.reset();
        this.inc((cpu.user + cpu.system) / 1e6);
      },
    });
    const start = Date.now() / 1000 - performance.now() / 1000;
    new client.Gauge({
      name: "process_start_time_seconds",
      help: "Start time of the process since the Unix epoch, in seconds",
      registers,
      collect() {
        this.set(Math.round(start));
      },
    });
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
