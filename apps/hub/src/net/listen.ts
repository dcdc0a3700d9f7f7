import type { AddressInfo, Server, Socket } from "node:net";
import { AppError } from "@edgeseg/protocol";

const open = new WeakMap<Server, Set<Socket>>();

/**
 * Listens on host:port (0 = a free port) and returns the port actually bound. Open sockets are
 * tracked, so closeServer can end them: a server's own close() waits for every client to leave.
 */
export function listen(server: Server, host: string, port: number, what: string): Promise<number> {
  const sockets = new Set<Socket>();
  open.set(server, sockets);
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === "EADDRINUSE"
          ? `port ${port} is in use: stop the other process or choose another port`
          : error.code === "EACCES"
            ? `no permission to bind port ${port}: use a port above 1023`
            : error.message;
      reject(
        new AppError("RUNTIME", `cannot listen for ${what} on ${host}:${port}: ${hint}`, { cause: error }),
      );
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting connections and ends the open ones. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    for (const socket of open.get(server) ?? []) socket.destroy();
  });
}
