import { CONSTRAINT_INFO, CONSTRAINT_KEYS } from "@edgeseg/scoring";
import Link from "next/link";
import { EgressNumbers, FineTuningCounts } from "@/components/measured-numbers.tsx";
import { formatMb, formatMs, formatNumber, plural } from "@/lib/format.ts";
import type { LeaderboardRow } from "@/lib/ranking/leaderboard-view.ts";
import { ConstraintBadge } from "./constraint-badge.tsx";

const small = { fontSize: "0.8rem", fontWeight: "normal" } as const;

export function LeaderboardTable({ rows, caption }: { rows: LeaderboardRow[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table data-testid="leaderboard-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Rank
            </th>
            <th scope="col">Model</th>
            <th scope="col" className="num">
              Score
            </th>
            {CONSTRAINT_KEYS.map((k) => (
              <th scope="col" key={k} title={CONSTRAINT_INFO[k].rule}>
                {CONSTRAINT_INFO[k].title}
              </th>
            ))}
            <th scope="col" className="num" title="Class median across devices">
              DSC / NSD
            </th>
            <th scope="col" className="num" title="Class median across devices; p90 and range across devices">
              Per case (median · p90 · range)
            </th>
            <th scope="col" className="num" title="Class medians across devices">
              p50 / p90 / p99
            </th>
            <th scope="col" className="num" title="Class median across devices; the highest device">
              Peak memory (median · max)
            </th>
            <th
              scope="col"
              className="num"
              title="Class medians: energy per case where the devices have a sensor (RAPL, INA3221, Pi 5 PMIC); resident memory integrated over the run (FLARE's RAM-time)"
            >
              Energy / case · RAM-time
            </th>
            <th
              scope="col"
              className="num"
              title="The fastest single run in the class: for reference, not the ranking"
            >
              Best run
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={14} className="muted" data-testid="leaderboard-empty">
                No dispatched VALID result on this device class and suite yet.
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr
              key={r.label}
              data-testid="leaderboard-row"
              data-model-id={r.modelId}
              data-model-version={r.modelVersion}
              data-result-id={r.resultId ?? ""}
              data-score={r.score ?? ""}
              data-devices={r.devices}
            >
              <td className="num" data-testid="leaderboard-rank">
                {r.rank}
              </td>
              <th scope="row">
                <Link
                  href={`/models/${encodeURIComponent(r.modelId)}?version=${encodeURIComponent(r.modelVersion)}`}
                >
                  {r.modelId}
                </Link>{" "}
                <span className="muted mono">{r.modelVersion}</span>
                {r.onFront && (
                  <>
                    {" "}
                    <span
                      className="badge"
                      title="On the Pareto front of median DSC against median per-case time"
                    >
                      Pareto
                    </span>
                  </>
                )}
                <div className="muted" style={small} data-testid="leaderboard-fleet">
                  {r.devices === 1 ? "1 device only" : plural(r.devices, "device")},{" "}
                  {plural(r.runs, "dispatched VALID run")}
                  {r.invalidRuns > 0 && `, ${r.invalidRuns} INVALID excluded`}
                  {r.notDispatchedRuns > 0 && `, ${r.notDispatchedRuns} not dispatched (not ranked)`} ·{" "}
                  {r.backends.join(", ")}
                </div>
                {r.unstableDevices > 0 && (
                  <div className="notice" style={small} data-testid="leaderboard-unstable">
                    Timing UNSTABLE on {plural(r.unstableDevices, "device")}: their runs' p50 spread exceeded
                    the repeat rule, so their figure is less certain.
                  </div>
                )}
                {r.consistency.length > 0 && (
                  <div className="notice" style={small} data-testid="leaderboard-inconsistent">
                    Accuracy differs on {plural(r.consistency.length, "device")}:{" "}
                    {r.consistency.map((c) => (
                      <span key={c.deviceId}>
                        <Link href={`/devices/${encodeURIComponent(c.deviceId)}`}>{c.deviceId}</Link> (
                        {c.backends.join(", ")}) DSC {c.meanDice.toFixed(4)} vs median{" "}
                        {c.classMedianDice.toFixed(4)}{" "}
                      </span>
                    ))}
                  </div>
                )}
              </th>
              <td className="num" data-testid="leaderboard-score" title={r.workings}>
                <strong>{formatNumber(r.score, 3)}</strong>
              </td>
              {CONSTRAINT_KEYS.map((k) => (
                <td key={k}>
                  <ConstraintBadge name={k} result={r.constraints[k]} />
                  {k === "dataLocality" && <EgressNumbers egress={r.egress} />}
                  {k === "fineTuning" && <FineTuningCounts fineTuning={r.fineTuning} />}
                </td>
              ))}
              <td className="num">
                {formatNumber(r.meanDice, 3)} / {formatNumber(r.meanNsd, 3)}
              </td>
              <td className="num" data-testid="leaderboard-per-case">
                <strong>{formatMs(r.perCase.median)}</strong>
                {r.devices > 1 && (
                  <div className="muted" style={small}>
                    p90 {formatMs(r.perCase.p90)} · {formatMs(r.perCase.min)}–{formatMs(r.perCase.max)}
                  </div>
                )}
              </td>
              <td className="num">
                {formatMs(r.p50Ms)} / {formatMs(r.p90Ms)} / {formatMs(r.p99Ms)}
              </td>
              <td className="num">
                {formatMb(r.peakRss.median)}
                {r.devices > 1 && (
                  <div className="muted" style={small}>
                    max {formatMb(r.peakRss.max)}
                  </div>
                )}
              </td>
              <td className="num" data-testid="leaderboard-energy">
                {r.energyPerCaseJ === null ? (
                  <span className="muted" title="No device of this class reported an energy sensor reading">
                    no sensor
                  </span>
                ) : (
                  `${formatNumber(r.energyPerCaseJ, 1)} J`
                )}
                <div className="muted" style={small}>
                  {r.ramGbS === null ? "—" : `${formatNumber(r.ramGbS, 1)} GB·s`}
                </div>
              </td>
              <td className="num" data-testid="leaderboard-best-run">
                {r.best ? (
                  <>
                    {formatMs(r.best.perCaseMs)}
                    <div className="muted" style={small}>
                      on{" "}
                      <Link href={`/devices/${encodeURIComponent(r.best.deviceId)}`}>{r.best.deviceId}</Link>
                    </div>
                  </>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
