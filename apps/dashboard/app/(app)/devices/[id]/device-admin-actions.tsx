import type { DeviceStatus } from "@edgeseg/db";
import { ActionButton } from "@/components/action-button.tsx";
import {
  approveDeviceAction,
  disableDeviceAction,
  enableDeviceAction,
  rejectDeviceAction,
  rotateSecretAction,
} from "../../admin/actions.ts";
import { SecretButton } from "../../admin/secret-button.tsx";

/** Admin-only buttons on a device's page; the actions check the role again on the server. */
export function DeviceAdminActions({ id, status }: { id: string; status: DeviceStatus }) {
  return (
    <div className="row" data-testid="device-admin-actions">
      {status === "pending" && (
        <>
          <ActionButton action={approveDeviceAction} id={id} label="Approve" testId="approve-device" />
          <ActionButton
            action={rejectDeviceAction}
            id={id}
            label="Reject"
            variant="danger"
            testId="reject-device"
          />
        </>
      )}
      {status === "active" && (
        <ActionButton
          action={disableDeviceAction}
          id={id}
          label="Disable device"
          variant="danger"
          confirm="Disable this device? It keeps its results but gets no more jobs."
          testId="disable-device"
        />
      )}
      {status === "disabled" && (
        <ActionButton action={enableDeviceAction} id={id} label="Enable device" testId="enable-device" />
      )}
      <SecretButton
        action={rotateSecretAction}
        id={id}
        label="Rotate secret"
        confirm="Give this device a new secret? The old one stops working at once and the device is disconnected until its agent has the new one."
        hint="On the device: edgeseg-agent set-secret, paste it, then restart the agent (systemctl restart edgeseg-agent)."
        testId="rotate-secret"
      />
    </div>
  );
}
