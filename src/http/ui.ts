// The dashboard: the files scripts/build_ui.ts writes to ui/dist, located from this module
// (not from the working directory) so the same code serves them under `deno run` and from a
// binary compiled with `--include ui/dist`. Hashed assets are immutable; index.html is the
// SPA shell for every non-API path, so the client router owns those URLs.
import { Hono } from "hono";
import type { AppEnv } from "./app.ts";
import { rootPage } from "./root_page.ts";

export const DEFAULT_DIST_DIR = `${import.meta.dirname}/../../ui/dist`;

const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  woff2: "font/woff2",
};
const ASSET_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9]+)+$/;
const IMMUTABLE = "public, max-age=31536000, immutable";
const SHELL_HEADERS = {
  "Cache-Control": "no-cache",
  "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; " +
    "style-src 'self'; script-src 'self'; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
};

type Bytes = Uint8Array<ArrayBuffer>;
type Asset = { body: Bytes; gzip: Bytes | null; type: string };

export function dashboard(distDir = DEFAULT_DIST_DIR): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Names are content hashes, so a cached asset never goes stale.
  const assets = new Map<string, Promise<Asset | null>>();
  const load = (name: string) => {
    let found = assets.get(name);
    if (!found) {
      found = readAsset(`${distDir}/assets/${name}`).then((asset) => {
        if (!asset) assets.delete(name);
        return asset;
      });
      assets.set(name, found);
    }
    return found;
  };

  app.get("/assets/:name", async (c, next) => {
    const name = c.req.param("name");
    const asset = ASSET_NAME.test(name) ? await load(name) : null;
    if (!asset) return next();
    const gzip = asset.gzip && /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");
    const headers: Record<string, string> = {
      "Content-Type": asset.type,
      "Cache-Control": IMMUTABLE,
      "Vary": "Accept-Encoding",
      "X-Content-Type-Options": "nosniff",
    };
    if (gzip) headers["Content-Encoding"] = "gzip";
    return c.body(gzip ? asset.gzip! : asset.body, 200, headers);
  });

  app.get("*", async (c, next) => {
    const path = c.req.path;
    // API paths keep their JSON 404s; paths that look like files are not client routes.
    if (path.startsWith("/api/") || path === "/api" || /\.[A-Za-z0-9]+$/.test(path)) {
      return next();
    }
    // Read per request: it is tiny, and a rebuild (`build:ui --watch`) shows up at once.
    const shell = await Deno.readTextFile(`${distDir}/index.html`).catch(() => null);
    return c.html(shell ?? rootPage(), 200, SHELL_HEADERS);
  });
  return app;
}

async function readAsset(path: string): Promise<Asset | null> {
  const ext = path.slice(path.lastIndexOf(".") + 1);
  const type = TYPES[ext];
  if (!type) return null;
  try {
    const body = await Deno.readFile(path);
    const gzip = await Deno.readFile(`${path}.gz`).catch(() => null);
    return { body, gzip, type };
  } catch {
    return null;
  }
}
