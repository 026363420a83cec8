// A TCP proxy on 127.0.0.1 that can freeze the connections it carries: they stay open but no
// byte moves either way, as when a NAT entry or a failed-over host silently drops a path
// (half-open sockets). New connections still pass.

type Pair = { client: Deno.TcpConn; server: Deno.TcpConn; frozen: boolean };

export class TcpProxy {
  readonly port: number;
  readonly #listener: Deno.TcpListener;
  readonly #pairs = new Set<Pair>();
  readonly #accepting: Promise<void>;
  /** While true, new connections are closed at once (existing ones carry on). */
  refuseNew = false;

  constructor(readonly targetPort: number) {
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    this.port = (this.#listener.addr as Deno.NetAddr).port;
    this.#accepting = this.#accept();
  }

  /** Connections carried so far (open or frozen). */
  get connections(): number {
    return this.#pairs.size;
  }

  /** Stops every current connection from moving data, without closing it. */
  freezeExisting(): number {
    for (const pair of this.#pairs) pair.frozen = true;
    return this.#pairs.size;
  }

  async close(): Promise<void> {
    this.#listener.close();
    await this.#accepting;
    for (const pair of this.#pairs) this.#end(pair);
  }

  async #accept(): Promise<void> {
    try {
      for await (const client of this.#listener) {
        if (this.refuseNew) {
          client.close();
          continue;
        }
        try {
          const server = await Deno.connect({ hostname: "127.0.0.1", port: this.targetPort });
          const pair: Pair = { client, server, frozen: false };
          this.#pairs.add(pair);
          this.#pump(pair, client, server);
          this.#pump(pair, server, client);
        } catch {
          client.close();
        }
      }
    } catch {
      // the listener was closed
    }
  }

  async #pump(pair: Pair, from: Deno.TcpConn, to: Deno.TcpConn): Promise<void> {
    const buffer = new Uint8Array(64 * 1024);
    try {
      while (true) {
        const n = await from.read(buffer);
        if (n === null || pair.frozen) break;
        let sent = 0;
        while (sent < n) sent += await to.write(buffer.subarray(sent, n));
      }
    } catch {
      // either side went away
    }
    // A frozen pair stays open (and silent) until close().
    if (!pair.frozen) this.#end(pair);
  }

  #end(pair: Pair): void {
    if (!this.#pairs.delete(pair) && !pair.frozen) return;
    for (const conn of [pair.client, pair.server]) {
      try {
        conn.close();
      } catch { /* already closed */ }
    }
  }
}
