import type { AddressInfo, Server } from "node:net";
import { AppError } from "@edgeseg/protocol";

/** Listens on host:port (0 = a free port) and returns the port actually bound. */
export function listen(server: Server, host: string, port: number, what: string): Promise<number> {
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
export function closeServer(server: Server & { closeAllConnections?: () => void }): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}
