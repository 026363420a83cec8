// The floor for the OFREP rows: a bare Deno.serve that answers each path with a response
// recorded from Dialtone (status, headers and body bytes, read from the JSON file at
// OFREP_ANSWERS), without reading the request or doing anything else. Under /read/ it first
// reads what any OFREP server must (the credential and If-None-Match headers and the body): a
// second floor, showing how much of the gap is the runtime's request path. GET /health answers
// 200. Listens on 127.0.0.1:PORT.
type Recorded = { status: number; headers: Record<string, string>; body: string | null };

const recorded = JSON.parse(await Deno.readTextFile(Deno.env.get("OFREP_ANSWERS")!)) as Record<
  string,
  Recorded
>;
const answers = new Map(
  Object.entries(recorded).map(([path, r]) => [path, {
    status: r.status,
    headers: r.headers,
    body: r.body === null ? null : Uint8Array.from(atob(r.body), (c) => c.charCodeAt(0)),
  }]),
);

function answer(path: string): Response {
  const a = answers.get(path);
  return a
    ? new Response(a.body, { status: a.status, headers: a.headers })
    : new Response("not found", { status: 404 });
}

async function readThenAnswer(req: Request, path: string): Promise<Response> {
  const headers = req.headers;
  headers.get("authorization");
  headers.get("if-none-match");
  await req.text();
  return answer(path);
}

Deno.serve({ hostname: "127.0.0.1", port: Number(Deno.env.get("PORT") ?? 0) }, (req) => {
  const url = req.url;
  const path = url.slice(url.indexOf("/", url.indexOf("//") + 2));
  if (path === "/health") return new Response("ok");
  return path.startsWith("/read/") ? readThenAnswer(req, path.slice(5)) : answer(path);
});
