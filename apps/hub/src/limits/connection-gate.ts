import type { Socket } from "node:net";
import { connectionCounter, throttledCount } from "@edgeseg/protocol";
import type { Logger } from "pino";

export interface ConnectionCaps {
  maxConnectionsPerAddress: number;
  maxConnections: number;
}

/**
 * Open connections per source address and in total, for one listener family. `admit` counts a new
 * socket (and uncounts it when it closes) or destroys it at once when a cap is reached, before any
 * byte is parsed; refusals are logged once per 10 s with their count.
 */
export function connectionGate(caps: ConnectionCaps, logger: Logger, surface: string) {
  const counter = connectionCounter({
    perAddress: caps.maxConnectionsPerAddress,
    total: caps.maxConnections,
  });
  const refused = throttledCount(10_000, (count) =>
    logger.warn(
      { surface, count, total: counter.total(), ...caps },
      "connections refused at the connection cap (--max-connections-per-address, --max-connections)",
    ),
  );
  return {
    admit(socket: Socket): boolean {
      const address = socket.remoteAddress ?? "unknown";
      if (!counter.open(address)) {
        refused();
        socket.destroy();
        return false;
      }
      socket.once("close", () => counter.close(address));
      return true;
    },
    total: () => counter.total(),
  };
}
