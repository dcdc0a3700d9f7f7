import { createHash, timingSafeEqual } from "node:crypto";
import { type Db, type DeviceStatus, hashSecret, verifySecret } from "@edgeseg/db";
import { isDeviceId } from "@edgeseg/protocol";

export type CredentialCheck =
  | { ok: true; deviceId: string }
  | { ok: false; reason: "unknown-device" | "bad-secret"; deviceId: string }
  | { ok: false; reason: "not-active"; status: Exclude<DeviceStatus, "active">; deviceId: string };

export interface DeviceCredentials {
  check(deviceId: string, secret: string): Promise<CredentialCheck>;
}

export interface VerifiedCredentials extends DeviceCredentials {
  /** The stored hash the device's secret last verified against (secret-watch.ts compares it). */
  verifiedHash(deviceId: string): string | undefined;
}

/**
 * Checks a device id and secret against the database (status first read, then scrypt). scrypt costs
 * ~30 ms, so a secret that verified once is remembered as its sha256 next to the stored hash it
 * verified against: a reconnecting fleet costs one row read per device, and a changed or reset secret
 * (another stored hash) is verified afresh. An unknown device still costs one scrypt, so the response
 * time does not tell which device ids exist.
 */
export function deviceCredentials(db: Db): VerifiedCredentials {
  const verified = new Map<string, { secretHash: string; digest: Buffer }>();
  let decoy: Promise<string> | undefined;

  return {
    verifiedHash: (deviceId) => verified.get(deviceId)?.secretHash,
    async check(deviceId, secret) {
      // Not even the shape of a device id: nothing to look up, and nothing to hide about it.
      if (!isDeviceId(deviceId)) return { ok: false, reason: "unknown-device", deviceId };
      const device = await db.prisma.device.findUnique({
        where: { id: deviceId },
        select: { secretHash: true, status: true },
      });
      if (!device) {
        decoy ??= hashSecret("edgeseg-decoy");
        await verifySecret(secret, await decoy);
        return { ok: false, reason: "unknown-device", deviceId };
      }
      const digest = createHash("sha256").update(secret).digest();
      const known = verified.get(deviceId);
      const cached =
        known !== undefined &&
        known.secretHash === device.secretHash &&
        timingSafeEqual(known.digest, digest);
      if (!cached) {
        if (!(await verifySecret(secret, device.secretHash))) {
          return { ok: false, reason: "bad-secret", deviceId };
        }
        verified.set(deviceId, { secretHash: device.secretHash, digest });
      }
      if (device.status !== "active")
        return { ok: false, reason: "not-active", status: device.status, deviceId };
      return { ok: true, deviceId };
    },
  };
}
