// The page at / when the dashboard has not been built (no ui/dist/index.html).
export function rootPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dialtone</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>Dialtone is running</h1>
<p>The admin API is at <code>/api/admin/v1</code> and SDKs connect to
<code>/api/sdk/v1/replication/stream</code>.</p>
<p>The dashboard has not been built. Run <code>deno task build:ui</code> (or start the server
with <code>deno task start</code>, which builds it first), then reload this page.</p>
</body></html>`;
}
