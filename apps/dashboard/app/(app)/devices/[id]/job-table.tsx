import type { DeviceDetail } from "@/lib/devices/load-device.ts";
import { formatDateTime } from "@/lib/format.ts";

const tone: Record<string, string> = { succeeded: "ok", failed: "bad", timed_out: "bad", running: "warn" };

export function JobTable({ jobs }: { jobs: DeviceDetail["jobs"] }) {
  return (
    <section aria-labelledby="jobs-heading">
      <h2 id="jobs-heading">Jobs</h2>
      <div className="table-wrap">
        <table data-testid="job-table">
          <caption>Latest {jobs.length} jobs for this device, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Campaign</th>
              <th scope="col">Model</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col" className="num">
                Attempts
              </th>
              <th scope="col">Finished</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {jobs.length === 0 && (
              <tr>
                <td colSpan={8} className="muted">
                  No jobs yet.
                </td>
              </tr>
            )}
            {jobs.map((j) => (
              <tr key={j.id} data-testid="job-row" data-job-id={j.id} data-status={j.status}>
                <td>{formatDateTime(j.createdAt)}</td>
                <td>
                  <a href={`/campaigns/${encodeURIComponent(j.campaign.id)}`}>{j.campaign.name}</a>
                </td>
                <td className="mono">
                  {j.modelId}@{j.modelVersion}
                </td>
                <td>
                  <span className={`badge ${tone[j.status] ?? ""}`}>{j.status.replace("_", " ")}</span>
                </td>
                <td>
                  {j.progressPhase && j.progressTotal ? (
                    <>
                      <progress value={j.progressDone ?? 0} max={j.progressTotal} aria-label="progress" />{" "}
                      <span className="muted">
                        {j.progressPhase} {j.progressDone}/{j.progressTotal}
                      </span>
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="num">
                  {j.attempts}/{j.maxAttempts}
                </td>
                <td>{formatDateTime(j.finishedAt)}</td>
                <td className="error">{j.lastError ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
