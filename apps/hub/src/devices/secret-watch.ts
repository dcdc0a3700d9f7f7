import type { Db, DeviceStatus } from "@edgeseg/db";
import { isDeviceId } from "@edgeseg/protocol";
import type { Aedes, Client } from "aedes";
import type { Logger } from "pino";
import { SERVICE_CLIENT_ID_PREFIX } from "../broker/identity.ts";
import type { VerifiedCredentials } from "./credentials.ts";

/** How often connected devices' stored status and secret hash are compared with the ones they connected with. */
export const SECRET_WATCH_MS = 5000;
const CHUNK = 500; // ids per query: well under SQLite's 32,766 bound parameters

/**
 * Disconnects a connected device whose credentials no longer admit it, changed by `edgeseg-hub
 * device …` or the dashboard (usually in another process, through @edgeseg/registry): every
 * `intervalMs` each connected device's stored row is read and the connection closed when
 * - its secret was rotated (the stored hash is not the one the connection was verified against):
 *   a reconnection with the old secret is refused (CONNACK 4), one with the new secret accepted;
 * - it was disabled, or removed: a reconnection is refused (CONNACK 5, or 4 for a removed device),
 *   so the device stops publishing at once instead of having its messages dropped one by one.
 * Embedded broker only: an external broker holds its own credentials.
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
    // The hub's own clients (service credential) use ids with the service prefix, which no device id has.
    if (isDeviceId(client.id) && !client.id.startsWith(SERVICE_CLIENT_ID_PREFIX))
      connected.set(client.id, client);
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
          select: { id: true, secretHash: true, status: true },
        });
        const stored = new Map(rows.map((r) => [r.id, r]));
        for (const id of ids.slice(i, i + CHUNK)) {
          const why = refusal(stored.get(id), credentials.verifiedHash(id));
          if (!why) continue;
          const client = connected.get(id);
          connected.delete(id);
          logger.warn({ deviceId: id }, why);
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

/** Why a connected device must go, or null while its row still admits the connection it has. */
function refusal(
  row: { secretHash: string; status: DeviceStatus } | undefined,
  verifiedWith: string | undefined,
): string | null {
  if (!row) return "device removed: connection closed";
  if (row.status !== "active") return `device ${row.status}: connection closed, reconnection refused`;
  if (verifiedWith !== undefined && row.secretHash !== verifiedWith) {
    return "device secret changed: connection closed, the old secret is refused";
  }
  return null;
}
