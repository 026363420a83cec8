// The dashboard: the files scripts/build_ui.ts writes to ui/dist. main.ts passes their folder
// (located from main.ts, so the same code serves them under `deno run` and from a binary
// compiled with `--include ui/dist`). Hashed assets are immutable; index.html is the SPA shell
// for every non-API path, so the client router owns those URLs.
import { Hono, type MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./context.ts";
import { rootPage } from "./root_page.ts";

const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  woff2: "font/woff2",
};
const ASSET_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9]+)+$/;
const IMMUTABLE = "public, max-age=31536000, immutable";

// Only the headers named here: Hono's other defaults (HSTS among them) are left to the operator.
const NO_DEFAULTS = {
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  strictTransportSecurity: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
} as const;

const assetHeaders = secureHeaders({ ...NO_DEFAULTS, xContentTypeOptions: true });

const shellHeaders = secureHeaders({
  ...NO_DEFAULTS,
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    imgSrc: ["'self'", "data:"],
    styleSrc: ["'self'"],
    scriptSrc: ["'self'"],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
  },
  xContentTypeOptions: true,
  referrerPolicy: "same-origin",
  xFrameOptions: "DENY",
});

/** Client routes get the shell; API paths and paths that look like files are left to others. */
const clientRoutesOnly: MiddlewareHandler = async (c, next) => {
  const path = c.req.path;
  if (path.startsWith("/api/") || path === "/api" || /\.[A-Za-z0-9]+$/.test(path)) {
    return c.notFound();
  }
  await next();
};

type Bytes = Uint8Array<ArrayBuffer>;
type Asset = { body: Bytes; gzip: Bytes | null; type: string };

/** Without `distDir` (no build), every client route answers with a page that says so. */
export function dashboard(distDir?: string): Hono<AppEnv> {
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

  app.get("/assets/:name", assetHeaders, async (c, next) => {
    const name = c.req.param("name");
    const asset = distDir && ASSET_NAME.test(name) ? await load(name) : null;
    if (!asset) return next();
    const gzip = asset.gzip && /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");
    const headers: Record<string, string> = {
      "Content-Type": asset.type,
      "Cache-Control": IMMUTABLE,
      "Vary": "Accept-Encoding",
    };
    if (gzip) headers["Content-Encoding"] = "gzip";
    return c.body(gzip ? asset.gzip! : asset.body, 200, headers);
  });

  app.get("*", clientRoutesOnly, shellHeaders, async (c) => {
    // Read per request: it is tiny, and a rebuild (`build:ui --watch`) shows up at once.
    const shell = distDir
      ? await Deno.readTextFile(`${distDir}/index.html`).catch(() => null)
      : null;
    return c.html(shell ?? rootPage(), 200, { "Cache-Control": "no-cache" });
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
