// A liveness probe for hostile tests: a Worker (its own thread and event loop, so the test's
// own busy moments do not count) asks GET /api/health every `everyMs` over a real socket and
// records how long each answer took. Not a benchmark: it only says whether the server froze.

export type ProbeReport = {
  samples: number;
  maxMs: number;
  slow: { at: number; ms: number; error?: string }[];
};

const WORKER = `
  let url, everyMs, stop = false;
  const report = { samples: 0, maxMs: 0, slow: [] };
  self.onmessage = async (e) => {
    if (e.data.stop) { stop = true; return; }
    ({ url, everyMs } = e.data);
    const started = performance.now();
    while (!stop) {
      const t = performance.now();
      let ms, error;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
        await res.text();
        ms = performance.now() - t;
        if (!res.ok) error = "status " + res.status;
      } catch (e) {
        ms = performance.now() - t;
        error = String(e);
      }
      report.samples++;
      report.maxMs = Math.max(report.maxMs, ms);
      if (ms >= 100 || error) report.slow.push({ at: Math.round(t - started), ms: Math.round(ms), error });
      await new Promise((r) => setTimeout(r, everyMs));
    }
    self.postMessage(report);
    self.close();
  };
`;

/** Starts probing `baseUrl`/api/health; `stop()` ends it and answers what it saw. */
export function startHealthProbe(baseUrl: string, everyMs = 20) {
  const source = URL.createObjectURL(new Blob([WORKER], { type: "text/javascript" }));
  const worker = new Worker(source, { type: "module" });
  const done = new Promise<ProbeReport>((resolve) => {
    worker.onmessage = (e) => resolve(e.data as ProbeReport);
  });
  worker.postMessage({ url: `${baseUrl}/api/health`, everyMs });
  return {
    async stop(): Promise<ProbeReport> {
      worker.postMessage({ stop: true });
      const report = await done;
      worker.terminate();
      URL.revokeObjectURL(source);
      return report;
    },
  };
}
