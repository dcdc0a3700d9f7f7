import type { Db, DeviceStatus } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";

/** Sets a device's status; returns the previous one. The hub's caches pick the change up within seconds. */
export async function setDeviceStatus(db: Db, deviceId: string, status: DeviceStatus): Promise<DeviceStatus> {
  const device = await db.prisma.device.findUnique({ where: { id: deviceId }, select: { status: true } });
  if (!device) {
    throw new AppError(
      "NOT_FOUND",
      `no device "${deviceId}": see edgeseg-hub device list for the enrolled ones`,
    );
  }
  if (device.status !== status) await db.prisma.device.update({ where: { id: deviceId }, data: { status } });
  return device.status;
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
