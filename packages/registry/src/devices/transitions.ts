import type { AuditAction, DeviceStatus } from "@edgeseg/db";

/** What an administrator can do to an enrolled device (the hub's CLI and the dashboard alike). */
export const deviceActions = ["approve", "disable", "enable", "remove"] as const;
export type DeviceAction = (typeof deviceActions)[number];

export const deviceStatuses = ["pending", "active", "disabled"] as const satisfies readonly DeviceStatus[];

/**
 * One cell of the table: the device changes (to a status, or `null` when its row is deleted), is
 * already where the action would put it (nothing written, nothing audited), or the action is refused
 * with a sentence that says what to do instead.
 */
export type DeviceTransition =
  | { outcome: "change"; to: DeviceStatus | null; audit: AuditAction; effect: string }
  | { outcome: "unchanged" }
  | { outcome: "refused"; why: string };

const enableHint = "enable it (edgeseg-hub device enable, or Enable device on its dashboard page)";
const keepRecord =
  "a device that has been approved keeps its results as the benchmark record; disable it instead";

/**
 * Every (action, status) pair. Only approve lets a pending device in, and only enable brings a
 * disabled one back: approving a disabled device is refused, so re-admitting a device someone
 * disabled is always a deliberate act with its own audit entry. Sessions and credentials:
 * - approve / enable: the device's existing secret is accepted from now on (MQTT CONNACK 0, artifact
 *   downloads) and the dispatcher sends it queued jobs.
 * - disable: the secret is kept but refused (CONNACK 5, HTTP 403); a hub with the embedded broker
 *   closes the device's live connection within seconds (apps/hub secret-watch) and sends it no jobs.
 * - remove: only a pending device (it never ran anything); its row goes with its secret, telemetry and
 *   jobs, and the token it enrolled with keeps its "used" state without the device.
 */
export const DEVICE_TRANSITIONS: Record<DeviceAction, Record<DeviceStatus, DeviceTransition>> = {
  approve: {
    pending: {
      outcome: "change",
      to: "active",
      audit: "device.approve",
      effect: "it may connect and take jobs now",
    },
    active: { outcome: "unchanged" },
    disabled: { outcome: "refused", why: `it is disabled, and approval does not undo that: ${enableHint}` },
  },
  disable: {
    pending: {
      outcome: "change",
      to: "disabled",
      audit: "device.disable",
      effect: "its connections and downloads are refused from now on",
    },
    active: {
      outcome: "change",
      to: "disabled",
      audit: "device.disable",
      effect: "its connection is closed and new connections and downloads are refused",
    },
    disabled: { outcome: "unchanged" },
  },
  enable: {
    pending: {
      outcome: "refused",
      why: "it is pending: approve it (edgeseg-hub device approve, or Approve on the dashboard)",
    },
    active: { outcome: "unchanged" },
    disabled: {
      outcome: "change",
      to: "active",
      audit: "device.enable",
      effect: "it may connect with its existing secret and take jobs again",
    },
  },
  remove: {
    pending: {
      outcome: "change",
      to: null,
      audit: "device.reject",
      effect: "its enrolment is refused and its secret deleted",
    },
    active: { outcome: "refused", why: `it is active: ${keepRecord}` },
    disabled: { outcome: "refused", why: `it is disabled: ${keepRecord}` },
  },
};

export function deviceTransition(action: DeviceAction, from: DeviceStatus): DeviceTransition {
  return DEVICE_TRANSITIONS[action][from];
}
