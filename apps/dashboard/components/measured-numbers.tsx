import { formatNumber, plural } from "../lib/format.ts";
import type { LeaderboardRow } from "../lib/ranking/leaderboard-view.ts";

const small = { fontSize: "0.8rem" } as const;
const kb = (bytes: number | null) => (bytes === null ? "—" : `${formatNumber(bytes / 1000, 1)} KB`);

/**
 * Data locality's numbers from the egress audits (docs/data-locality.md): the most one job sent, in how
 * many messages at most, and the largest single message; how many counted runs carried an audit.
 */
export function EgressNumbers({ egress }: { egress: LeaderboardRow["egress"] }) {
  return (
    <div className="muted" style={small} data-testid="egress-numbers">
      {egress.auditedRuns === 0 ? (
        "no egress audit"
      ) : (
        <>
          {kb(egress.maxBytes)} sent · {egress.maxMessages ?? "—"} messages · largest{" "}
          {kb(egress.largestMessageBytes)}
          <div>
            audited {egress.auditedRuns} of {plural(egress.runs, "run")}
          </div>
        </>
      )}
    </div>
  );
}

/** How much on-device fine-tuning stands behind the fine-tuning constraint: devices, runs, failures. */
export function FineTuningCounts({ fineTuning }: { fineTuning: LeaderboardRow["fineTuning"] }) {
  const f = fineTuning;
  return (
    <div className="muted" style={small} data-testid="fine-tuning-numbers">
      {f.runs === 0
        ? "no device ran it (measured: no)"
        : `measured on ${plural(f.devices, "device")}, ${plural(f.runs, "run")}${
            f.failedRuns > 0
              ? `; ${f.failedRuns} failed${f.outOfMemoryRuns > 0 ? ` (${f.outOfMemoryRuns} out of memory)` : ""}`
              : ""
          }`}
    </div>
  );
}
