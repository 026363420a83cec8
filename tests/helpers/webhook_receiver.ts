// A real HTTP server that receives webhooks for the tests: it records every request, answers
// as the test says (fail, hang, 410, redirect, huge bodies), can go down and come back on the
// same port, and checks signatures with the standardwebhooks reference implementation.
import { Webhook } from "standardwebhooks";

export type Hit = {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** What the receiver answered; null when it hung up or never answered. */
  status: number | null;
};

/** Answers one request; "hang" holds it open until the client gives up. */
export type Behavior = (hit: Hit, n: number) => Response | "hang";

export type Receiver = {
  url: string;
  port: number;
  hits: Hit[];
  /** The requests answered with a 2xx, in the order they arrived. */
  accepted(): Hit[];
  behave(b: Behavior): void;
  /** Stops listening (connections are refused) until up(). */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
};

export const ok: Behavior = () => new Response("thanks", { status: 200 });

export async function startReceiver(initial: Behavior = ok): Promise<Receiver> {
  let behavior = initial;
  const hits: Hit[] = [];
  const hanging = new Set<() => void>();
  let server: Deno.HttpServer<Deno.NetAddr> | null = null;
  let port = 0;

  const handler = async (req: Request): Promise<Response> => {
    const hit: Hit = {
      id: req.headers.get("webhook-id") ?? "",
      timestamp: req.headers.get("webhook-timestamp") ?? "",
      signature: req.headers.get("webhook-signature") ?? "",
      body: await req.text(),
      status: null,
    };
    hits.push(hit);
    const answer = behavior(hit, hits.length);
    if (answer === "hang") {
      await new Promise<void>((resolve) => {
        hanging.add(resolve);
        req.signal.addEventListener("abort", () => resolve());
      });
      return new Response("too late", { status: 503 });
    }
    hit.status = answer.status;
    return answer;
  };

  const listen = async () => {
    const { promise, resolve } = Promise.withResolvers<Deno.NetAddr>();
    server = Deno.serve({ port, hostname: "127.0.0.1", onListen: resolve }, handler);
    port = (await promise).port;
  };
  await listen();

  const close = async () => {
    for (const release of hanging) release();
    hanging.clear();
    await server?.shutdown();
    server = null;
  };

  return {
    get url() {
      return `http://127.0.0.1:${port}/hook`;
    },
    get port() {
      return port;
    },
    hits,
    accepted: () => hits.filter((h) => h.status !== null && h.status >= 200 && h.status < 300),
    behave: (b) => behavior = b,
    down: close,
    up: listen,
    stop: close,
  };
}

/** Verifies a hit with the reference implementation; throws when the signature is wrong. */
export function verifyHit(secret: string, hit: Hit): unknown {
  return new Webhook(secret).verify(hit.body, {
    "webhook-id": hit.id,
    "webhook-timestamp": hit.timestamp,
    "webhook-signature": hit.signature,
  });
}
