// Bundles the dashboard (ui/main.tsx) with esbuild into ui/dist/: hashed, minified JS and CSS
// under assets/ with a gzipped twin of each, and an index.html that references them. The
// server (src/http/ui.ts) serves that folder; `deno compile --include ui/dist` embeds it.
//
//   deno task build:ui            build once and print the sizes
//   deno task build:ui --watch    rebuild on every change under ui/
import * as esbuild from "esbuild";
import { gzipSync } from "node:zlib";

const encoder = new TextEncoder();
const out = (text: string) => Deno.stdout.writeSync(encoder.encode(text + "\n"));
const err = (text: string) => Deno.stderr.writeSync(encoder.encode(text + "\n"));

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
export const DEFAULT_OUT_DIR = `${ROOT}/ui/dist`;

export type BuiltFile = { name: string; bytes: number; gzipBytes: number };
export type UiBuild = { outDir: string; files: BuiltFile[]; gzipTotal: number; ms: number };

function options(outDir: string): esbuild.BuildOptions {
  return {
    absWorkingDir: ROOT,
    entryPoints: { app: `${ROOT}/ui/main.tsx` },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["es2022", "chrome110", "firefox110", "safari16"],
    minify: true,
    legalComments: "none",
    jsx: "automatic",
    jsxImportSource: "preact",
    // Bare `preact` specifiers resolve to the npm package Deno keeps in node_modules.
    nodePaths: [`${ROOT}/node_modules`],
    entryNames: "[name]-[hash]",
    outdir: `${outDir}/assets`,
    write: false,
    logLevel: "silent",
  };
}

const OUR_ASSET = /^app-[A-Z0-9]+\.(js|css)(\.gz)?$/;

/** Write, then rename into place: a server (or a second build running at the same time, as
 * parallel tests do) never sees a half-written file. */
async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.${crypto.randomUUID()}.tmp`;
  await Deno.writeFile(tmp, bytes);
  await Deno.rename(tmp, path);
}

/** Writes one build's output files, index.html last, then drops assets of older builds. */
async function emit(
  result: esbuild.BuildResult,
  outDir: string,
  started: number,
): Promise<UiBuild> {
  const assetsDir = `${outDir}/assets`;
  await Deno.mkdir(assetsDir, { recursive: true });
  const files: BuiltFile[] = [];
  const keep = new Set<string>();
  for (const out of result.outputFiles ?? []) {
    const name = out.path.slice(out.path.lastIndexOf("/") + 1);
    const gz = gzipSync(out.contents, { level: 9 });
    await writeAtomic(`${assetsDir}/${name}`, out.contents);
    await writeAtomic(`${assetsDir}/${name}.gz`, gz);
    files.push({ name, bytes: out.contents.byteLength, gzipBytes: gz.byteLength });
    keep.add(name).add(`${name}.gz`);
  }
  const js = files.find((f) => f.name.endsWith(".js"));
  const css = files.find((f) => f.name.endsWith(".css"));
  if (!js || !css) throw new Error("Cannot build the dashboard: esbuild produced no JS or no CSS");
  await writeAtomic(`${outDir}/index.html`, new TextEncoder().encode(indexHtml(js.name, css.name)));
  for await (const entry of Deno.readDir(assetsDir)) {
    if (OUR_ASSET.test(entry.name) && !keep.has(entry.name)) {
      await Deno.remove(`${assetsDir}/${entry.name}`).catch(() => {});
    }
  }
  const gzipTotal = files.reduce((sum, f) => sum + f.gzipBytes, 0);
  return { outDir, files, gzipTotal, ms: Math.round(performance.now() - started) };
}

export function indexHtml(js: string, css: string): string {
  const icon = "data:image/svg+xml," + encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" ` +
      `fill="#4f46e5"/><path d="M10 16h12M16 10v12" stroke="#fff" stroke-width="3"/></svg>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Dialtone</title>
<link rel="icon" href="${icon}">
<link rel="stylesheet" href="/assets/${css}">
<script type="module" src="/assets/${js}"></script>
</head>
<body>
<div id="app"></div>
<noscript><p>Dialtone is running. The dashboard needs JavaScript; the admin API is at
<code>/api/admin/v1</code>.</p></noscript>
</body>
</html>
`;
}

/** One production build into `outDir` (ui/dist by default). */
export async function buildUi(outDir = DEFAULT_OUT_DIR): Promise<UiBuild> {
  const started = performance.now();
  try {
    return await emit(await esbuild.build(options(outDir)), outDir, started);
  } finally {
    await esbuild.stop();
  }
}

export function summary(build: UiBuild): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const parts = build.files.map((f) => `${f.name} ${kb(f.bytes)} (gzip ${kb(f.gzipBytes)})`);
  return `Built the dashboard in ${build.ms} ms: ${parts.join(", ")}; ` +
    `total gzip ${kb(build.gzipTotal)} → ${build.outDir.replace(ROOT + "/", "")}`;
}

async function watch(outDir: string): Promise<void> {
  let started = performance.now();
  const ctx = await esbuild.context({
    ...options(outDir),
    plugins: [{
      name: "emit",
      setup(build) {
        build.onStart(() => {
          started = performance.now();
        });
        build.onEnd(async (result) => {
          if (result.errors.length > 0) {
            const lines = await esbuild.formatMessages(result.errors, { kind: "error" });
            for (const line of lines) err(line);
            return;
          }
          out(summary(await emit(result, outDir, started)));
        });
      },
    }],
  });
  await ctx.watch();
  out("Watching ui/ for changes (Ctrl+C to stop)");
}

if (import.meta.main) {
  try {
    await Deno.stat(`${ROOT}/node_modules/preact/package.json`);
  } catch {
    err("Cannot build the dashboard: node_modules/preact is missing; run `deno install`");
    Deno.exit(1);
  }
  if (Deno.args.includes("--watch")) {
    await watch(DEFAULT_OUT_DIR);
  } else {
    try {
      out(summary(await buildUi()));
    } catch (error) {
      // esbuild's own message already names the file, line and column.
      err(error instanceof Error ? error.message : String(error));
      Deno.exit(1);
    }
  }
}
