import { connect, createServer, type Socket } from "node:net";

export interface RecordedConnection {
  /** When the client connected (ms since the epoch). */
  openedAt: number;
  /** Every byte the client sent, in order. */
  up: Buffer[];
  /** Every byte the server answered, in order. */
  down: Buffer[];
}

export interface TcpRecorder {
  port: number;
  connections: RecordedConnection[];
  /** The client's bytes of every connection opened at or after `since` (ms), concatenated per connection. */
  upstream(since?: number): Buffer[];
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 (port 0) in front of `targetPort` that records the raw bytes of both
 * directions: what a client put on the wire, before any server parsed it.
 */
export async function startTcpRecorder(targetPort: number): Promise<TcpRecorder> {
  const connections: RecordedConnection[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const rec: RecordedConnection = { openedAt: Date.now(), up: [], down: [] };
    connections.push(rec);
    const upstream = connect(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    client.on("data", (d: Buffer) => {
      rec.up.push(Buffer.from(d));
      upstream.write(d);
    });
    upstream.on("data", (d: Buffer) => {
      rec.down.push(Buffer.from(d));
      client.write(d);
    });
    client.on("end", () => upstream.end());
    upstream.on("end", () => client.end());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    connections,
    upstream: (since = 0) => connections.filter((c) => c.openedAt >= since).map((c) => Buffer.concat(c.up)),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
