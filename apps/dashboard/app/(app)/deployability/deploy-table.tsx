import { type DeployClass, type DeployRow, SYNTHETIC_LABEL } from "@/lib/deployability/view.ts";
import { formatMb, formatMs, formatNumber } from "@/lib/format.ts";

const VERDICT: Record<DeployRow["verdict"], { label: string; tone: string }> = {
  fits: { label: "runs within budgets", tone: "ok" },
  "over-memory": { label: "over memory budget", tone: "bad" },
  "over-time": { label: "too slow", tone: "warn" },
  "over-both": { label: "over both budgets", tone: "bad" },
  fails: { label: "fails", tone: "bad" },
  unknown: { label: "not measured", tone: "" },
};

const within = (w: { within: number; known: number }) => (w.known > 0 ? `${w.within}/${w.known} within` : "");

export function DeployTable({ deployClass }: { deployClass: DeployClass }) {
  const { budgets, rows } = deployClass;
  return (
    <section data-testid={`deploy-class-${budgets.id}`}>
      <h2>
        {budgets.name}{" "}
        <span className="muted">
          · budgets {budgets.memoryBudgetMb} MB, {budgets.caseTimeBudgetS} s per case
        </span>
      </h2>
      <table>
        <thead>
          <tr>
            <th>Model</th>
            <th>Runtime settings</th>
            <th>Can it run?</th>
            <th className="num">Peak memory</th>
            <th className="num">Time per case</th>
            <th className="num">Per slice / interaction (p50)</th>
            <th className="num">Load</th>
            <th className="num">Devices · runs</th>
            <th>With trained weights</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={`${r.modelId}@${r.modelVersion}/${r.settings.label}`}
              data-testid={`deploy-row-${r.modelId}`}
              data-verdict={r.verdict}
            >
              <td>
                <span className="mono">
                  {r.modelId}@{r.modelVersion}
                </span>
                <br />
                <span className="badge warn" title="numbers from weights filled on the device">
                  {SYNTHETIC_LABEL}
                </span>
                <br />
                <span className="muted">{r.pipeline}</span>
              </td>
              <td>{r.settings.label}</td>
              <td>
                <span className={`badge ${VERDICT[r.verdict].tone}`}>{VERDICT[r.verdict].label}</span>
                <br />
                <span className="muted">{r.verdictText}</span>
                {r.failed.count > 0 && r.verdict !== "fails" && (
                  <>
                    <br />
                    <span className="muted">
                      {r.failed.count} failed run{r.failed.count === 1 ? "" : "s"} (
                      {r.failed.reasons.join(", ")})
                    </span>
                  </>
                )}
              </td>
              <td className="num">
                {formatMb(r.memory.median)}
                <br />
                <span className="muted">
                  p90 {formatMb(r.memory.p90)} · {within(r.memory)}
                </span>
              </td>
              <td className="num">
                {formatMs(r.perCase.median)}
                <br />
                <span className="muted">
                  p90 {formatMs(r.perCase.p90)} · {within(r.perCase)}
                </span>
              </td>
              <td className="num">
                {formatMs(r.perQuery.median)}
                <br />
                <span className="muted">per {r.perQuery.unit}</span>
              </td>
              <td className="num">{formatMs(r.load.median)}</td>
              <td className="num">
                {r.devices} · {r.runs}
              </td>
              <td data-testid="deploy-trained">
                {r.trained ? (
                  <>
                    {r.trained.modelId}@{r.trained.modelVersion}: {formatMs(r.trained.perCaseMs)} per case,{" "}
                    {formatMb(r.trained.peakRssMb)}
                    <br />
                    <span className="muted">
                      skeleton/trained time ×{formatNumber(r.trained.timingRatio, 2)}, memory ×
                      {formatNumber(r.trained.memoryRatio, 2)}
                    </span>
                  </>
                ) : (
                  <span className="muted">not benchmarked with trained weights</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
