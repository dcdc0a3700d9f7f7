import type { FleetComparison } from "@edgeseg/scoring";
import Link from "next/link";
import { formatMs, formatNumber } from "@/lib/format.ts";

const verdict = (v: boolean | null) =>
  v === true
    ? { text: "within budget", tone: "ok", status: "pass" }
    : v === false
      ? { text: "over budget", tone: "bad", status: "fail" }
      : { text: "unknown", tone: "", status: "unknown" };

/** How many classes have a per-case time for this model. */
const timed = (m: FleetComparison["models"][number]) =>
  Object.values(m.byClass).filter((c) => c?.perCaseMeanMs != null).length;

/** Models down, classes across: within budget (resources + execution time), rank, time and relative speed. */
export function CompareTable({
  comparison,
  classes,
}: {
  comparison: FleetComparison;
  classes: { id: string; name: string }[];
}) {
  return (
    <div className="table-wrap">
      <table data-testid="compare-table">
        <caption>
          Which class runs which model within its memory and time budgets, and how fast relative to the
          model's fastest class
        </caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            {classes.map((c) => (
              <th scope="col" key={c.id} data-testid="compare-class" data-class={c.id}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {comparison.models.length === 0 && (
            <tr>
              <td colSpan={classes.length + 1} className="muted">
                No VALID results on these classes for this suite.
              </td>
            </tr>
          )}
          {comparison.models.map((m) => (
            <tr key={`${m.model.id}@${m.model.version}`} data-testid="compare-row" data-model-id={m.model.id}>
              <th scope="row">
                <Link
                  href={`/models/${encodeURIComponent(m.model.id)}?version=${encodeURIComponent(m.model.version)}`}
                >
                  {m.model.id}
                </Link>{" "}
                <span className="muted mono">{m.model.version}</span>
              </th>
              {classes.map((c) => {
                const cell = m.byClass[c.id];
                if (!cell) {
                  return (
                    <td
                      key={c.id}
                      className="muted"
                      data-testid="compare-cell"
                      data-class={c.id}
                      data-budget="none"
                    >
                      no VALID result
                    </td>
                  );
                }
                const v = verdict(cell.withinBudget);
                return (
                  <td key={c.id} data-testid="compare-cell" data-class={c.id} data-budget={v.status}>
                    <span
                      className={`badge ${v.tone}`}
                      title={`Resources: ${cell.constraints.resources.value}. Execution time: ${cell.constraints.executionTime.value}.`}
                    >
                      {v.text}
                    </span>{" "}
                    <span className="muted">rank {cell.rank}</span>
                    <div className="mono" style={{ fontSize: "0.85rem" }}>
                      {formatMs(cell.perCaseMeanMs)} per case
                      {cell.relativeSpeed !== null && (
                        <span data-testid="compare-relative-speed" data-value={cell.relativeSpeed}>
                          {" "}
                          ·{" "}
                          {timed(m) < 2
                            ? "only class with a time"
                            : m.fastestClassId === c.id
                              ? "fastest"
                              : `${formatNumber(cell.relativeSpeed * 100, 0)}% of the fastest class's speed`}
                        </span>
                      )}
                    </div>
                    <div className="muted" style={{ fontSize: "0.8rem" }}>
                      score {formatNumber(cell.score, 3)}
                    </div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
