import type { Db } from "@edgeseg/db";
import { isDeviceId } from "@edgeseg/protocol";
import type { Aedes, Client } from "aedes";
import type { Logger } from "pino";
import type { VerifiedCredentials } from "./credentials.ts";

/** How often connected devices' stored secret hashes are compared with the ones they connected with. */
export const SECRET_WATCH_MS = 5000;
const CHUNK = 500; // ids per query: well under SQLite's 32,766 bound parameters

/**
 * Disconnects a connected device whose secret was rotated (edgeseg-hub device rotate-secret or the
 * dashboard, usually in another process): every `intervalMs` the stored hash of each connected device
 * is compared with the hash its connection was verified against. Its reconnection with the old
 * secret is then refused (CONNACK 4), and one with the new secret accepted. Embedded broker only: an
 * external broker holds its own credentials.
 */
export function watchDeviceSecrets(deps: {
  db: Db;
  aedes: Aedes;
  credentials: VerifiedCredentials;
  logger: Logger;
  intervalMs?: number;
}): { close(): void } {
  const { db, aedes, credentials } = deps;
  const logger = deps.logger.child({ component: "secret-watch" });
  const connected = new Map<string, Client>();
  const onClient = (client: Client) => {
    if (isDeviceId(client.id)) connected.set(client.id, client);
  };
  const onGone = (client: Client) => {
    if (connected.get(client.id) === client) connected.delete(client.id);
  };
  aedes.on("client", onClient);
  aedes.on("clientDisconnect", onGone);

  let running = false;
  async function sweep() {
    if (running || connected.size === 0) return;
    running = true;
    try {
      const ids = [...connected.keys()];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await db.prisma.device.findMany({
          where: { id: { in: ids.slice(i, i + CHUNK) } },
          select: { id: true, secretHash: true },
        });
        const stored = new Map(rows.map((r) => [r.id, r.secretHash]));
        for (const id of ids.slice(i, i + CHUNK)) {
          const verifiedWith = credentials.verifiedHash(id);
          if (verifiedWith === undefined || stored.get(id) === verifiedWith) continue;
          const client = connected.get(id);
          connected.delete(id);
          logger.warn(
            { deviceId: id },
            "device secret changed: connection closed, the old secret is refused",
          );
          client?.close();
        }
      }
    } catch (err) {
      logger.error({ err }, "cannot compare connected devices' secrets; retrying");
    } finally {
      running = false;
    }
  }

  const timer = setInterval(() => void sweep(), deps.intervalMs ?? SECRET_WATCH_MS);
  timer.unref();
  return {
    close() {
      clearInterval(timer);
      aedes.removeListener("client", onClient);
      aedes.removeListener("clientDisconnect", onGone);
    },
  };
}
