import Link from "next/link";
import { StateBadge } from "@/components/state-badge.tsx";
import type { FleetDevice } from "@/lib/fleet/load-fleet.ts";
import { formatAgo, formatDateTime, formatNumber } from "@/lib/format.ts";

export function DeviceTable({
  devices,
  now,
  filtered,
}: {
  devices: FleetDevice[];
  now: Date;
  filtered: boolean;
}) {
  return (
    <div className="table-wrap">
      <table data-testid="device-table">
        <caption>
          Devices{filtered ? " matching the filters" : ""} ({devices.length})
        </caption>
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Status</th>
            <th scope="col">Class</th>
            <th scope="col">Agent</th>
            <th scope="col">Last seen</th>
            <th scope="col">Current job</th>
            <th scope="col" className="num">
              Temperature
            </th>
          </tr>
        </thead>
        <tbody>
          {devices.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                No devices
                {filtered ? " match these filters" : " yet: create an enrolment token on the admin page"}.
              </td>
            </tr>
          )}
          {devices.map((d) => (
            <tr key={d.id} data-testid="device-row" data-device-id={d.id} data-state={d.state}>
              <th scope="row">
                <Link href={`/devices/${encodeURIComponent(d.id)}`}>{d.name}</Link>
                {d.tags.length > 0 && <div className="muted">{d.tags.join(", ")}</div>}
              </th>
              <td>
                <StateBadge state={d.state} />
              </td>
              <td>{d.deviceClassId ?? "—"}</td>
              <td className="mono">{d.agentVersion ?? "—"}</td>
              <td title={formatDateTime(d.lastSeenAt)}>{formatAgo(d.lastSeenAt, now)}</td>
              <td data-testid="device-job">
                <JobCell job={d.job} />
              </td>
              <td className="num" data-testid="device-temperature">
                {d.temperature?.avgC != null ? `${formatNumber(d.temperature.avgC)} °C` : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function JobCell({ job }: { job: FleetDevice["job"] }) {
  if (!job) return <span className="muted">idle</span>;
  return (
    <>
      <span className="mono">
        {job.modelId}@{job.modelVersion}
      </span>{" "}
      <span className="badge">{job.status}</span>
      {job.progress && (
        <div>
          <progress
            value={job.progress.done}
            max={job.progress.total}
            aria-label={`${job.progress.phase}: ${job.progress.done} of ${job.progress.total}`}
            data-testid="job-progress"
          />{" "}
          <span className="muted">
            {job.progress.phase} {job.progress.done}/{job.progress.total}
          </span>
        </div>
      )}
    </>
  );
}
