import {
  type AuditAction,
  type AuditActor,
  type Db,
  type DeviceStatus,
  type Prisma as PrismaTypes,
  withAudit,
} from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";

type Prisma = Db["prisma"];
type Tx = PrismaTypes.TransactionClient;

async function statusOf(tx: Tx, id: string): Promise<DeviceStatus> {
  const device = await tx.device.findUnique({ where: { id }, select: { status: true } });
  if (!device) throw new AppError("NOT_FOUND", `device ${id} does not exist: reload the page`);
  return device.status;
}

/**
 * Changes a device's status only from an expected one, with its audit entry, in one transaction that
 * takes the write lock first (two admins cannot race: the second sees the first one's status).
 */
async function transition(
  prisma: Prisma,
  actor: AuditActor,
  id: string,
  change: { from: DeviceStatus[]; to: DeviceStatus; verb: string; action: AuditAction },
) {
  await withAudit(prisma, actor, async (tx, audit) => {
    const status = await statusOf(tx, id);
    if (!change.from.includes(status)) {
      throw new AppError("INTEGRITY", `cannot ${change.verb} device ${id}: it is ${status}`);
    }
    await tx.device.update({ where: { id }, data: { status: change.to } });
    audit({ action: change.action, targetId: id, before: { status }, after: { status: change.to } });
  });
}

/** A pending device (enrolled with a token that needs approval) may now connect and take jobs. */
export function approveDevice(prisma: Prisma, id: string, actor: AuditActor): Promise<void> {
  return transition(prisma, actor, id, {
    from: ["pending"],
    to: "active",
    verb: "approve",
    action: "device.approve",
  });
}

/**
 * Refuses a pending enrolment: the device and its credentials are deleted (a rejected device has run
 * nothing, so nothing of the benchmark record is lost), and the agent's next connection is refused.
 */
export async function rejectDevice(prisma: Prisma, id: string, actor: AuditActor): Promise<void> {
  await withAudit(prisma, actor, async (tx, audit) => {
    const device = await tx.device.findUnique({
      where: { id },
      select: { status: true, name: true, deviceClassId: true, hardwareFingerprint: true },
    });
    if (!device) throw new AppError("NOT_FOUND", `device ${id} does not exist: reload the page`);
    if (device.status !== "pending") {
      throw new AppError("INTEGRITY", `cannot reject device ${id}: it is ${device.status}`);
    }
    await tx.device.delete({ where: { id } });
    audit({ action: "device.reject", targetId: id, before: device, after: null });
  });
}

/**
 * Disabling keeps the device and its results (the benchmark record) but the hub refuses its
 * connections and schedules nothing on it; enabling makes it active again.
 */
export function setDeviceDisabled(
  prisma: Prisma,
  id: string,
  disabled: boolean,
  actor: AuditActor,
): Promise<void> {
  return disabled
    ? transition(prisma, actor, id, {
        from: ["active", "pending"],
        to: "disabled",
        verb: "disable",
        action: "device.disable",
      })
    : transition(prisma, actor, id, {
        from: ["disabled"],
        to: "active",
        verb: "enable",
        action: "device.enable",
      });
}
