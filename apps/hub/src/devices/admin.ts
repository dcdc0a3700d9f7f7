import { type AuditAction, type AuditActor, type Db, type DeviceStatus, withAudit } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";

const actionFor = (from: DeviceStatus, to: DeviceStatus): AuditAction =>
  to === "disabled" ? "device.disable" : from === "disabled" ? "device.enable" : "device.approve";

/**
 * Sets a device's status and records the change in the audit trail (same transaction); returns the
 * previous status. Setting the status it already has writes nothing. The hub's caches pick the change
 * up within seconds.
 */
export async function setDeviceStatus(
  db: Db,
  deviceId: string,
  status: DeviceStatus,
  actor?: AuditActor,
): Promise<DeviceStatus> {
  return withAudit(db.prisma, actor, async (tx, audit) => {
    const device = await tx.device.findUnique({ where: { id: deviceId }, select: { status: true } });
    if (!device) {
      throw new AppError(
        "NOT_FOUND",
        `no device "${deviceId}": see edgeseg-hub device list for the enrolled ones`,
      );
    }
    if (device.status !== status) {
      await tx.device.update({ where: { id: deviceId }, data: { status } });
      audit({
        action: actionFor(device.status, status),
        targetId: deviceId,
        before: { status: device.status },
        after: { status },
      });
    }
    return device.status;
  });
}

export async function listDevices(db: Db) {
  return db.prisma.device.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      status: true,
      deviceClassId: true,
      online: true,
      lastSeenAt: true,
      agentVersion: true,
      createdAt: true,
    },
  });
}
