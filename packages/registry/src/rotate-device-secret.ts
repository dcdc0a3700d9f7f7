import { randomBytes } from "node:crypto";
import { type AuditActor, type Db, hashSecret, withAudit } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import type { DeviceProvisioning } from "./devices/provisioning.ts";

export interface RotatedSecret {
  deviceId: string;
  /** The new secret: only its scrypt hash is stored, so this is the one time it can be shown. */
  secret: string;
}

/**
 * Gives a device a new MQTT/HTTP secret (32 random bytes, as at enrolment) and stores only its scrypt
 * hash. The old secret stops working at once for new connections; a running hub disconnects the
 * device's current connection within seconds (apps/hub credential watch), and the agent connects
 * again once its config holds the new secret. Recorded in the audit trail without either secret.
 * After the commit the new secret goes to `opts.provisioning` (an external broker that keeps its own
 * password hash); without one, a hub provisioning such a broker revokes the old password there.
 */
export async function rotateDeviceSecret(
  db: Db,
  deviceId: string,
  opts: { actor?: AuditActor; provisioning?: DeviceProvisioning } = {},
): Promise<RotatedSecret> {
  const secret = randomBytes(32).toString("base64url");
  const secretHash = await hashSecret(secret); // ~50 ms: outside the transaction's write lock
  const status = await withAudit(db.prisma, opts.actor, async (tx, audit) => {
    const device = await tx.device.findUnique({ where: { id: deviceId }, select: { status: true } });
    if (!device) {
      throw new AppError(
        "NOT_FOUND",
        `no device "${deviceId}": see edgeseg-hub device list (or the dashboard's admin page) for the enrolled ones`,
      );
    }
    await tx.device.update({ where: { id: deviceId }, data: { secretHash } });
    // What changed is the secret itself, which is never recorded: the entry says only that it was replaced.
    audit({
      action: "device.rotate-secret",
      targetId: deviceId,
      after: { deviceStatus: device.status, credentials: "replaced" },
    });
    return device.status;
  });
  await opts.provisioning?.credentialsSet({ id: deviceId, status, secretHash }, secret);
  return { deviceId, secret };
}
