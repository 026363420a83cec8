// The runtime's own ceiling: a bare Deno.serve with nothing but what the measurement needs.
// GET /<name> answers the bytes of BODY_DIR/<name> (what our snapshot answered, same headers);
// POST /sse holds an SSE stream open after one init frame; POST /broadcast (body: a number)
// enqueues one config_change frame with that value to every open stream, as a hub would;
// GET /health answers 200. Listens on 127.0.0.1:PORT.
const dir = Deno.env.get("BODY_DIR");
const bodies = new Map<string, Uint8Array<ArrayBuffer>>();
if (dir) {
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile) bodies.set(`/${e.name}`, await Deno.readFile(`${dir}/${e.name}`));
  }
}
const encoder = new TextEncoder();
const change = (value: number) =>
  encoder.encode(
    `data: {"type":"config_change","config":{"name":"bench-flag","value":${value},"overrides":[]}}\n\n`,
  );
const INIT = encoder.encode(
  `: connected\n\ndata: {"type":"init","configs":[{"name":"bench-flag","value":0,"overrides":[]}]}\n\n`,
);
const json = {
  "Content-Type": "application/json",
  "ETag": '"bare.1"',
  "Cache-Control": "no-cache",
};
const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();

function sse(): Response {
  let controller: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
      streams.add(c);
      c.enqueue(INIT);
    },
    cancel: () => void streams.delete(controller),
  });
  return new Response(body, { headers: { "Content-Type": "text/event-stream" } });
}

Deno.serve({ hostname: "127.0.0.1", port: Number(Deno.env.get("PORT") ?? 0) }, async (req) => {
  const path = new URL(req.url).pathname;
  if (path === "/health") return new Response('{"status":"ok"}', { headers: json });
  if (path === "/sse") return (await req.body?.cancel(), sse());
  if (path === "/broadcast") {
    const frame = change(Number(await req.text()));
    for (const c of streams) {
      try {
        c.enqueue(frame);
      } catch {
        streams.delete(c);
      }
    }
    return new Response("ok");
  }
  const bytes = bodies.get(path);
  return bytes
    ? new Response(bytes, { headers: json })
    : new Response("not found", { status: 404 });
});
