import type { Db, DeviceStatus } from "@edgeseg/db";

export interface DeviceRecord {
  status: DeviceStatus;
  deviceClassId: string | null;
  /** The Ed25519 public key enrolled with the device; null for agents that do not sign. */
  signingKey: string | null;
}

/**
 * The status and class of a message's device, cached for a few seconds: every message is checked
 * (an external broker may not know that a device was disabled), without a row read per telemetry
 * beat. A device approved or disabled by the CLI takes effect within `ttlMs`.
 */
export function deviceGate(db: Db, now: () => number, ttlMs = 5000) {
  const cache = new Map<string, { record: DeviceRecord | null; at: number }>();
  return {
    async lookup(deviceId: string): Promise<DeviceRecord | null> {
      const hit = cache.get(deviceId);
      if (hit && now() - hit.at < ttlMs) return hit.record;
      const record = await db.prisma.device.findUnique({
        where: { id: deviceId },
        select: { status: true, deviceClassId: true, signingKey: true },
      });
      if (cache.size > 100_000) cache.clear();
      cache.set(deviceId, { record, at: now() });
      return record;
    },
  };
}

export type DeviceGate = ReturnType<typeof deviceGate>;
