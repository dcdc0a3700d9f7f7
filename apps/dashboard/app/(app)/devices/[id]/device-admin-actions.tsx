import type { DeviceStatus } from "@edgeseg/db";
import { ActionButton } from "@/components/action-button.tsx";
import {
  approveDeviceAction,
  disableDeviceAction,
  enableDeviceAction,
  rejectDeviceAction,
} from "../../admin/actions.ts";

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
    </div>
  );
}
