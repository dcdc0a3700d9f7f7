import type { DeviceStatus } from "@edgeseg/db";
import type { DeviceChange } from "./change-status.ts";

/**
 * What the MQTT broker must learn when a device's credentials or status change. The database is the
 * source of truth and is written first; a provisioner then mirrors the change into the broker: the
 * hub's embedded broker closes the device's connection, an external Mosquitto with dynamic security
 * gets `$CONTROL/dynamic-security/v1` commands (apps/hub/src/broker-provision). Called after the
 * transaction commits, by `changeDeviceStatus`, `rotateDeviceSecret` and the hub's enrolment; a
 * process without broker access passes none and the hub's reconcile loop catches up.
 */
export interface DeviceProvisioning {
  /**
   * A device got a secret (enrolment or rotation). `secret` is the plaintext, passed this once so a
   * broker that hashes passwords itself can store it; it must never be written anywhere in clear.
   */
  credentialsSet(
    device: { id: string; status: DeviceStatus; secretHash: string },
    secret: string,
  ): Promise<void>;
  /** A status change committed (`after` null: the device was removed). Not called when unchanged. */
  statusChanged(change: DeviceChange): Promise<void>;
}
