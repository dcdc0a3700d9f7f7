import { createServer, type Server, type Socket } from "node:net";
import { Aedes } from "aedes";

export const HUB_USER = "edgeseg-hub";
export const HUB_PASSWORD = "hub-test-secret";

export interface TestBroker {
  port: number;
  aedes: Aedes;
  /** Cuts a client's TCP connection without DISCONNECT, as a pulled cable would. */
  dropClient(clientId: string): boolean;
  close(): Promise<void>;
}

/**
 * A real aedes broker on 127.0.0.1 (port 0 = any free one) that accepts the given devices (client id =
 * username = device id, password = secret) and the hub's service credential, and nothing else.
 */
export async function startBroker(devices: Record<string, string>, port = 0): Promise<TestBroker> {
  const aedes = await Aedes.createBroker({
    authenticate(client, username, password, done) {
      const pw = password?.toString() ?? "";
      const ok =
        (username === HUB_USER && pw === HUB_PASSWORD) ||
        (username !== undefined && username === client.id && devices[username] === pw);
      if (ok) return done(null, true);
      const error = Object.assign(new Error("bad credentials"), { returnCode: 4 as const });
      done(error, false);
    },
  });
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    aedes.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  return {
    port: bound,
    aedes,
    dropClient(clientId) {
      const client = (aedes as unknown as { clients: Record<string, { conn: Socket }> }).clients[clientId];
      if (!client) return false;
      client.conn.destroy();
      return true;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => aedes.close(() => r()));
    },
  };
}
