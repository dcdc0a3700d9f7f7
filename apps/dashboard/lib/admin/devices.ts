import type { Db, DeviceStatus } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";

type Prisma = Db["prisma"];

async function statusOf(prisma: Prisma, id: string): Promise<DeviceStatus> {
  const device = await prisma.device.findUnique({ where: { id }, select: { status: true } });
  if (!device) throw new AppError("NOT_FOUND", `device ${id} does not exist: reload the page`);
  return device.status;
}

/** Changes a device's status only from the expected one (a conditional update: two admins cannot race). */
async function transition(prisma: Prisma, id: string, from: DeviceStatus[], to: DeviceStatus, verb: string) {
  const { count } = await prisma.device.updateMany({
    where: { id, status: { in: from } },
    data: { status: to },
  });
  if (count === 0) {
    const status = await statusOf(prisma, id);
    throw new AppError("INTEGRITY", `cannot ${verb} device ${id}: it is ${status}`);
  }
}

/** A pending device (enrolled with a token that needs approval) may now connect and take jobs. */
export function approveDevice(prisma: Prisma, id: string): Promise<void> {
  return transition(prisma, id, ["pending"], "active", "approve");
}

/**
 * Refuses a pending enrolment: the device and its credentials are deleted (a rejected device has run
 * nothing, so nothing of the benchmark record is lost), and the agent's next connection is refused.
 */
export async function rejectDevice(prisma: Prisma, id: string): Promise<void> {
  const { count } = await prisma.device.deleteMany({ where: { id, status: "pending" } });
  if (count === 0) {
    throw new AppError("INTEGRITY", `cannot reject device ${id}: it is ${await statusOf(prisma, id)}`);
  }
}

/**
 * Disabling keeps the device and its results (the benchmark record) but the hub refuses its
 * connections and schedules nothing on it; enabling makes it active again.
 */
export function setDeviceDisabled(prisma: Prisma, id: string, disabled: boolean): Promise<void> {
  return disabled
    ? transition(prisma, id, ["active", "pending"], "disabled", "disable")
    : transition(prisma, id, ["disabled"], "active", "enable");
}
