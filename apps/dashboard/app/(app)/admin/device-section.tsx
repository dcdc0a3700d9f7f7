import { ActionButton } from "@/components/action-button.tsx";
import { StateBadge } from "@/components/state-badge.tsx";
import type { DeviceState } from "@/lib/fleet/state.ts";
import { formatAgo, plural } from "@/lib/format.ts";
import { disableDeviceAction, enableDeviceAction, rotateSecretAction } from "./actions.ts";
import { SecretButton } from "./secret-button.tsx";

interface Row {
  id: string;
  name: string;
  status: string;
  state: DeviceState;
  deviceClassId: string | null;
  lastSeenAt: Date | null;
}

export function DeviceSection({ devices }: { devices: Row[] }) {
  return (
    <section aria-labelledby="devices-heading">
      <h2 id="devices-heading">Devices</h2>
      <div className="table-wrap">
        <table data-testid="admin-device-table">
          <caption>{plural(devices.length, "enrolled device")}</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Status</th>
              <th scope="col">Class</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id} data-testid="admin-device-row" data-device-id={d.id}>
                <th scope="row">
                  <a href={`/devices/${encodeURIComponent(d.id)}`}>{d.name}</a>
                </th>
                <td>
                  <StateBadge state={d.state} />
                </td>
                <td>{d.deviceClassId ?? "—"}</td>
                <td>{formatAgo(d.lastSeenAt)}</td>
                <td>
                  {d.status === "disabled" ? (
                    <ActionButton
                      action={enableDeviceAction}
                      id={d.id}
                      label="Enable"
                      testId="enable-device"
                    />
                  ) : (
                    <ActionButton
                      action={disableDeviceAction}
                      id={d.id}
                      label="Disable"
                      variant="danger"
                      confirm={`Disable ${d.name}? It keeps its results but gets no more jobs.`}
                      testId="disable-device"
                    />
                  )}
                  <SecretButton
                    action={rotateSecretAction}
                    id={d.id}
                    label="Rotate secret"
                    confirm={`Give ${d.name} a new secret? The old one stops working at once and the device is disconnected until its agent has the new one.`}
                    hint="On the device: edgeseg-agent set-secret, paste it, then restart the agent (systemctl restart edgeseg-agent)."
                    testId="rotate-secret"
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
