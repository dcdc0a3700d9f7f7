import type { AuditActor, Db } from "@edgeseg/db";
import { changeDeviceStatus, type DeviceAction, type DeviceChange } from "@edgeseg/registry";

/**
 * The dashboard's device buttons and POST /api/devices/:id: one administrator action through the
 * registry's transition table, the same function `edgeseg-hub device …` calls. A refused pair throws
 * its AppError (INTEGRITY, the table's reason), shown as the action's message or a 409.
 */
export function applyDeviceAction(
  db: Db,
  id: string,
  action: DeviceAction,
  actor: AuditActor,
): Promise<DeviceChange> {
  return changeDeviceStatus(db, id, action, { actor });
}

/** The sentence the admin sees after an action that went through. */
export function deviceActionMessage(change: DeviceChange): string {
  const { deviceId: id } = change;
  if (!change.changed) return `Device ${id} was already ${change.before}.`;
  const done = {
    approve: "approved",
    disable: "disabled",
    enable: "enabled",
    remove: "rejected and removed",
  }[change.action];
  return `Device ${id} ${done}: ${change.effect}.`;
}
