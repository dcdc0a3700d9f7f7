import { SYNTHETIC_LABEL } from "@/lib/deployability/view.ts";
import type { ExcludedRow } from "@/lib/ranking/leaderboard-view.ts";

export function ExcludedList({
  excluded,
  invalidRunsOfRanked,
  notDispatchedRunsOfRanked,
}: {
  excluded: ExcludedRow[];
  invalidRunsOfRanked: number;
  notDispatchedRunsOfRanked: number;
}) {
  return (
    <section aria-labelledby="excluded-heading" data-testid="excluded-list">
      <h2 id="excluded-heading">Not ranked</h2>
      {excluded.length === 0 ? (
        <p className="muted">Every model with results on this class and suite has a VALID result.</p>
      ) : (
        <ul>
          {excluded.map((e) => (
            <li key={e.label} data-testid="excluded-row" data-model={e.label}>
              <span className="mono">{e.label}</span>
              {e.synthetic && (
                <span className="badge warn" data-testid="synthetic-weights">
                  {" "}
                  {SYNTHETIC_LABEL}
                </span>
              )}
              : {e.reason}
              {e.resultId && <span className="muted mono"> (result {e.resultId})</span>}
            </li>
          ))}
        </ul>
      )}
      {invalidRunsOfRanked > 0 && (
        <p className="muted" data-testid="excluded-invalid-runs">
          Also excluded: {invalidRunsOfRanked} INVALID run{invalidRunsOfRanked === 1 ? "" : "s"} of ranked
          models (each is ranked by its dispatched VALID runs).
        </p>
      )}
      {notDispatchedRunsOfRanked > 0 && (
        <p className="muted" data-testid="excluded-not-dispatched-runs">
          Kept but not ranked: {notDispatchedRunsOfRanked} VALID run
          {notDispatchedRunsOfRanked === 1 ? "" : "s"} of ranked models that the hub did not dispatch for that
          model and suite (started on the device, or answering another job).
        </p>
      )}
    </section>
  );
}
