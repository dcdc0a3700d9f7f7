import { CONSTRAINT_INFO, CONSTRAINT_KEYS } from "@edgeseg/scoring";
import Link from "next/link";
import { formatMb, formatMs, formatNumber } from "@/lib/format.ts";
import type { LeaderboardRow } from "@/lib/ranking/leaderboard-view.ts";
import { ConstraintBadge } from "./constraint-badge.tsx";

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
            <th scope="col" className="num">
              DSC / NSD
            </th>
            <th scope="col" className="num">
              Per case
            </th>
            <th scope="col" className="num">
              p50 / p90 / p99
            </th>
            <th scope="col" className="num">
              Peak memory
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={12} className="muted" data-testid="leaderboard-empty">
                No VALID result on this device class and suite yet.
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr
              key={r.resultId}
              data-testid="leaderboard-row"
              data-model-id={r.modelId}
              data-model-version={r.modelVersion}
              data-result-id={r.resultId}
              data-score={r.score ?? ""}
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
                    <span className="badge" title="On the Pareto front of mean DSC against per-case time">
                      Pareto
                    </span>
                  </>
                )}
                <div className="muted" style={{ fontSize: "0.8rem", fontWeight: "normal" }}>
                  {r.rankableRuns} VALID run{r.rankableRuns === 1 ? "" : "s"}
                  {r.invalidRuns > 0 && `, ${r.invalidRuns} INVALID excluded`} · best on{" "}
                  <Link href={`/devices/${encodeURIComponent(r.deviceId)}`}>{r.deviceId}</Link> ({r.backend})
                </div>
              </th>
              <td className="num" data-testid="leaderboard-score" title={r.workings}>
                <strong>{formatNumber(r.score, 3)}</strong>
              </td>
              {CONSTRAINT_KEYS.map((k) => (
                <td key={k}>
                  <ConstraintBadge name={k} result={r.constraints[k]} />
                </td>
              ))}
              <td className="num">
                {formatNumber(r.meanDice, 3)} / {formatNumber(r.meanNsd, 3)}
              </td>
              <td className="num">{formatMs(r.perCaseMeanMs)}</td>
              <td className="num">
                {formatMs(r.p50Ms)} / {formatMs(r.p90Ms)} / {formatMs(r.p99Ms)}
              </td>
              <td className="num">{formatMb(r.peakRssMb)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
