import type { Db } from "@edgeseg/db";

/** Device status changes are written by @edgeseg/registry (changeDeviceStatus); this only reads. */
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
