import type { DeviceDetail } from "@/lib/devices/load-device.ts";
import { formatAgo, formatDateTime, formatMb, formatNumber } from "@/lib/format.ts";

export function DeviceFacts({ detail, now }: { detail: DeviceDetail; now: Date }) {
  const { device, info, tags } = detail;
  const cls = device.deviceClass;
  return (
    <div className="grid">
      <section className="card" aria-labelledby="hardware-heading" data-testid="device-hardware">
        <h2 id="hardware-heading">Hardware</h2>
        <dl className="facts">
          <dt>Status</dt>
          <dd>{device.status}</dd>
          <dt>Last seen</dt>
          <dd title={formatDateTime(device.lastSeenAt)}>{formatAgo(device.lastSeenAt, now)}</dd>
          <dt>Enrolled</dt>
          <dd>{formatDateTime(device.createdAt)}</dd>
          <dt>Agent</dt>
          <dd className="mono">{device.agentVersion ?? "—"}</dd>
          <dt>Tags</dt>
          <dd>{tags.length ? tags.join(", ") : "—"}</dd>
          {info ? (
            <>
              <dt>Board</dt>
              <dd>{info.boardModel ?? "—"}</dd>
              <dt>CPU</dt>
              <dd>
                {info.cpuModel} ({info.cores} cores, {info.arch})
              </dd>
              <dt>Memory</dt>
              <dd>{formatMb(info.ramMb)}</dd>
              <dt>OS</dt>
              <dd>
                {info.os} <span className="muted">({info.kernel})</span>
              </dd>
              <dt>Runtime</dt>
              <dd className="mono">
                node {info.nodeVersion}, onnxruntime {info.onnxruntimeVersion}
              </dd>
            </>
          ) : (
            <>
              <dt>Details</dt>
              <dd className="muted">not reported yet</dd>
            </>
          )}
        </dl>
      </section>
      <section className="card" aria-labelledby="profile-heading" data-testid="device-profile">
        <h2 id="profile-heading">Device class and budgets</h2>
        {cls ? (
          <>
            <dl className="facts">
              <dt>Class</dt>
              <dd>
                {cls.name} <span className="muted mono">({cls.id})</span>
              </dd>
              {info && (
                <>
                  <dt>Matched by</dt>
                  <dd className="mono">{info.deviceClass.matchedRule}</dd>
                </>
              )}
              <dt>Memory budget</dt>
              <dd data-testid="budget-memory">{formatMb(cls.memoryBudgetMb)}</dd>
              <dt>Time budget per case</dt>
              <dd data-testid="budget-time">{formatNumber(cls.caseTimeBudgetS, 0)} s</dd>
              <dt>Minimum DSC</dt>
              <dd>{formatNumber(cls.diceThreshold, 2)}</dd>
              <dt>Minimum NSD</dt>
              <dd>{formatNumber(cls.nsdThreshold, 2)}</dd>
            </dl>
            {cls.profile !== null && (
              <details>
                <summary>Firmware profile</summary>
                <pre className="mono">{JSON.stringify(cls.profile, null, 2)}</pre>
              </details>
            )}
          </>
        ) : (
          <p className="muted">No device class assigned.</p>
        )}
      </section>
    </div>
  );
}
