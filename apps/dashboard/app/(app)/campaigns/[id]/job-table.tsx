import type { CampaignJob } from "@edgeseg/db";
import Link from "next/link";
import { isSkeletonVersion, SYNTHETIC_LABEL } from "@/lib/deployability/view.ts";
import { formatDateTime, formatMb, formatMs, formatNumber } from "@/lib/format.ts";
import { JobStatusBadge } from "../status-badge.tsx";

/** One row per job (device × model): its state, progress while it runs, and its result once reported. */
export function JobTable({ jobs }: { jobs: CampaignJob[] }) {
  return (
    <section aria-labelledby="jobs-heading">
      <h2 id="jobs-heading">Jobs and results</h2>
      <div className="table-wrap">
        <table data-testid="campaign-jobs">
          <caption>Every device × model of the campaign</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Model</th>
              <th scope="col">Status</th>
              <th scope="col">Verdict</th>
              <th scope="col" className="num">
                DSC / NSD
              </th>
              <th scope="col" className="num">
                Per case
              </th>
              <th scope="col" className="num">
                p50 / p99
              </th>
              <th scope="col" className="num">
                Peak memory
              </th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {jobs.length === 0 && (
              <tr>
                <td colSpan={9} className="muted">
                  No jobs.
                </td>
              </tr>
            )}
            {jobs.map((j) => {
              const r = j.result;
              return (
                <tr key={j.id} data-testid="campaign-job-row" data-job-id={j.id} data-status={j.status}>
                  <th scope="row">
                    <Link href={`/devices/${encodeURIComponent(j.device.id)}`}>{j.device.name}</Link>
                    <div className="muted mono">{j.device.deviceClassId ?? "no class"}</div>
                  </th>
                  <td className="mono">
                    {j.modelId}@{j.modelVersion}
                    {isSkeletonVersion(j.modelVersion) && (
                      <div>
                        <Link
                          href="/deployability"
                          className="badge warn"
                          data-testid="campaign-job-synthetic"
                        >
                          {SYNTHETIC_LABEL}
                        </Link>
                      </div>
                    )}
                  </td>
                  <td>
                    <JobStatusBadge status={j.status} />
                    {j.status === "running" && j.progressTotal !== null && j.progressDone !== null && (
                      <div data-testid="campaign-job-progress">
                        <progress max={Math.max(1, j.progressTotal)} value={j.progressDone} />{" "}
                        {j.progressPhase} {j.progressDone}/{j.progressTotal}
                      </div>
                    )}
                    {j.attempts > 1 && (
                      <div className="muted">
                        attempt {j.attempts} of {j.maxAttempts}
                      </div>
                    )}
                    {j.lastError && <div className="error">{j.lastError}</div>}
                  </td>
                  <td>
                    {r ? (
                      <span
                        className={`badge ${r.verdict === "VALID" ? "ok" : "bad"}`}
                        data-testid="campaign-result-verdict"
                      >
                        {r.verdict}
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                    {r?.throttled && <span className="badge warn">throttled</span>}
                  </td>
                  <td className="num">
                    {r ? `${formatNumber(r.meanDice, 3)} / ${formatNumber(r.meanNsd, 3)}` : "—"}
                  </td>
                  <td className="num">{formatMs(r?.perCaseMeanMs)}</td>
                  <td className="num">{r ? `${formatMs(r.p50Ms)} / ${formatMs(r.p99Ms)}` : "—"}</td>
                  <td className="num">{formatMb(r?.peakRssMb)}</td>
                  <td>{formatDateTime(j.finishedAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
