import { type AuditActor, type Db, type DeviceStatus, withAudit } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import type { DeviceProvisioning } from "./provisioning.ts";
import { type DeviceAction, deviceTransition } from "./transitions.ts";

export interface DeviceChange {
  deviceId: string;
  action: DeviceAction;
  before: DeviceStatus;
  /** The status after the action; null when the device was removed. */
  after: DeviceStatus | null;
  /** False when the device already had the status the action gives (nothing written or audited). */
  changed: boolean;
  /** What the change means for the device, in a sentence fragment ("" when unchanged). */
  effect: string;
}

/**
 * Applies one administrator action to a device through DEVICE_TRANSITIONS: the one writer of device
 * status for `edgeseg-hub device …` and the dashboard. Reads and writes in one transaction that takes
 * the write lock first (withAudit), so two administrators cannot race: the second sees the first's
 * status. A refused pair throws AppError INTEGRITY (CLI exit 5, HTTP 409) with the table's reason; an
 * unknown device NOT_FOUND. A change is recorded in the audit trail with the status before and after
 * (a removal keeps what was deleted). After the commit, a change goes to `opts.provisioning` (the
 * broker's copy of the device), whose failure is the caller's to report: the status is already stored.
 */
export async function changeDeviceStatus(
  db: Db,
  deviceId: string,
  action: DeviceAction,
  opts: { actor?: AuditActor; provisioning?: DeviceProvisioning } = {},
): Promise<DeviceChange> {
  const change = await writeStatus(db, deviceId, action, opts.actor);
  if (change.changed) await opts.provisioning?.statusChanged(change);
  return change;
}

function writeStatus(
  db: Db,
  deviceId: string,
  action: DeviceAction,
  actor: AuditActor | undefined,
): Promise<DeviceChange> {
  return withAudit(db.prisma, actor, async (tx, audit) => {
    const device = await tx.device.findUnique({
      where: { id: deviceId },
      select: { status: true, name: true, deviceClassId: true, hardwareFingerprint: true },
    });
    if (!device) {
      throw new AppError(
        "NOT_FOUND",
        `no device "${deviceId}": see edgeseg-hub device list (or the dashboard's admin page) for the enrolled ones`,
      );
    }
    const before = device.status;
    const step = deviceTransition(action, before);
    if (step.outcome === "refused") {
      throw new AppError("INTEGRITY", `cannot ${action} device ${deviceId}: ${step.why}`);
    }
    if (step.outcome === "unchanged") {
      return { deviceId, action, before, after: before, changed: false, effect: "" };
    }
    if (step.to === null) {
      await tx.device.delete({ where: { id: deviceId } });
      audit({ action: step.audit, targetId: deviceId, before: device, after: null });
    } else {
      await tx.device.update({ where: { id: deviceId }, data: { status: step.to } });
      audit({
        action: step.audit,
        targetId: deviceId,
        before: { status: before },
        after: { status: step.to },
      });
    }
    return { deviceId, action, before, after: step.to, changed: true, effect: step.effect };
  });
}
