import { createServer } from "node:net";

/** Resolves when `port` can be bound on `host`, else rejects with the error (EADDRINUSE, EACCES, …). */
function tryListen(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** Refuses a port that is taken, naming what it was for and how to pick another. */
export async function assertPortFree(host: string, port: number, what: string, how: string): Promise<void> {
  try {
    await tryListen(host, port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "EADDRINUSE" ? "is already in use" : `cannot be used (${code})`;
    throw new Error(
      `port ${port} on ${host} for the ${what} ${why}: stop what listens there (is a quick start already running?) or choose another with ${how}`,
    );
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago (tests and screenshots run beside other stacks). */
export function freePort(): Promise<number> {
  return tryListen("127.0.0.1", 0);
}
