import type { DeviceChange, DeviceProvisioning } from "@edgeseg/registry";
import type { Aedes, Client } from "aedes";
import type { Logger } from "pino";

/**
 * The embedded broker reads credentials from the database at every CONNECT, so provisioning it is only
 * closing a live connection that no longer holds: a disabled or removed device, or one whose secret
 * was replaced. Changes made in other processes reach it through the secret watch
 * (devices/secret-watch.ts) instead.
 */
export function embeddedProvisioning(aedes: Aedes, logger: Logger): DeviceProvisioning {
  const close = (id: string, why: string) => {
    // aedes keeps connected clients by id; its typings do not expose the map.
    const client = (aedes as unknown as { clients: Record<string, Client | undefined> }).clients[id];
    if (!client) return;
    logger.warn({ deviceId: id }, why);
    client.close();
  };
  return {
    async credentialsSet(device) {
      close(device.id, "device secret changed: connection closed, the old secret is refused");
    },
    async statusChanged(change: DeviceChange) {
      if (change.after === "active") return;
      close(
        change.deviceId,
        change.after === null
          ? "device removed: connection closed"
          : `device ${change.after}: connection closed, reconnection refused`,
      );
    },
  };
}
