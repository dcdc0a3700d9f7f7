import { ActionButton } from "@/components/action-button.tsx";
import { formatDateTime } from "@/lib/format.ts";
import { approveDeviceAction, rejectDeviceAction } from "./actions.ts";

interface Pending {
  id: string;
  name: string;
  deviceClassId: string | null;
  hardwareFingerprint: string | null;
  agentVersion: string | null;
  createdAt: Date;
}

export function PendingSection({ devices }: { devices: Pending[] }) {
  return (
    <section aria-labelledby="pending-heading" id="pending">
      <h2 id="pending-heading">Devices awaiting approval</h2>
      <div className="table-wrap">
        <table data-testid="pending-table">
          <caption>{devices.length} pending enrolments</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Class</th>
              <th scope="col">Hardware fingerprint</th>
              <th scope="col">Agent</th>
              <th scope="col">Enrolled</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {devices.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  Nothing to approve.
                </td>
              </tr>
            )}
            {devices.map((d) => (
              <tr key={d.id} data-testid="pending-row" data-device-id={d.id}>
                <th scope="row">
                  <a href={`/devices/${encodeURIComponent(d.id)}`}>{d.name}</a>
                </th>
                <td>{d.deviceClassId ?? "—"}</td>
                <td className="mono">
                  {d.hardwareFingerprint ? `${d.hardwareFingerprint.slice(0, 16)}…` : "—"}
                </td>
                <td className="mono">{d.agentVersion ?? "—"}</td>
                <td>{formatDateTime(d.createdAt)}</td>
                <td>
                  <ActionButton
                    action={approveDeviceAction}
                    id={d.id}
                    label="Approve"
                    testId="approve-device"
                  />
                  <ActionButton
                    action={rejectDeviceAction}
                    id={d.id}
                    label="Reject"
                    variant="danger"
                    confirm={`Reject ${d.name}? Its enrolment is deleted; the agent must enrol again.`}
                    testId="reject-device"
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
