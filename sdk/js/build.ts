// Bundles the SDK for npm: ESM for Node 18+, Deno, Bun and browsers, one file per entry with
// a shared chunk (so a client from the main entry is the one the providers know), the
// evaluator bundled in from src/domain. Run from the repository: deno run -A sdk/js/build.ts
import * as esbuild from "esbuild";
import { SDK_VERSION } from "./src/version.ts";

const HERE = new URL(".", import.meta.url).pathname;

export async function buildSdk(outDir = `${HERE}dist`): Promise<void> {
  const pkg = JSON.parse(await Deno.readTextFile(`${HERE}package.json`));
  if (pkg.version !== SDK_VERSION) {
    throw new Error(
      `package.json says ${pkg.version}, src/version.ts says ${SDK_VERSION}`,
    );
  }
  try {
    await esbuild.build({
      entryPoints: {
        "index": `${HERE}src/mod.ts`,
        "openfeature-server": `${HERE}src/openfeature/server.ts`,
        "openfeature-web": `${HERE}src/openfeature/web.ts`,
      },
      outdir: outDir,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "neutral",
      target: ["es2022"],
      external: ["@openfeature/server-sdk", "@openfeature/web-sdk"],
      logLevel: "error",
    });
  } finally {
    await esbuild.stop();
  }
}

if (import.meta.main) await buildSdk(Deno.args[0]);
