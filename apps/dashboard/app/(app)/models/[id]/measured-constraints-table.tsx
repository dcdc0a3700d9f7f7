import { EgressNumbers, FineTuningCounts } from "../../../../components/measured-numbers.tsx";
import type { MeasuredConstraintRow } from "../../../../lib/ranking/measured-constraints.ts";
import { ConstraintBadge } from "../../leaderboard/constraint-badge.tsx";

/**
 * Constraints 4 and 5 as measured on each device class: fine-tuning on the devices (step time, time to
 * the plateau against the class's budget, peak memory against its memory budget, DSC before → after)
 * and the egress audits (KB sent, messages, largest message), each with its verdict.
 */
export function MeasuredConstraintsTable({ rows }: { rows: MeasuredConstraintRow[] }) {
  return (
    <section aria-labelledby="measured-heading">
      <h2 id="measured-heading">Measured on the devices: fine-tuning and data locality</h2>
      <div className="table-wrap">
        <table data-testid="model-measured-constraints">
          <caption>
            Each class's fleet figure (dispatched VALID runs, each device by its median) judged with the
            class's policy, as on the leaderboard
          </caption>
          <thead>
            <tr>
              <th scope="col">Device class · suite</th>
              <th scope="col">Fine-tuning on the device</th>
              <th scope="col">Data locality (egress audit)</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={3} className="muted">
                  No dispatched VALID run of this version on a known device class yet.
                </td>
              </tr>
            )}
            {rows.map((r) => (
              <tr
                key={`${r.suiteSha256}/${r.classId}`}
                data-testid="model-measured-row"
                data-class={r.classId}
                data-suite={r.suiteSha256}
              >
                <th scope="row">
                  {r.className}
                  <div className="muted mono" style={{ fontSize: "0.8rem" }}>
                    suite {r.suiteSha256.slice(0, 12)}… ·{" "}
                    {r.devices === 1 ? "1 device" : `${r.devices} devices`}
                  </div>
                </th>
                <td>
                  <ConstraintBadge name="fineTuning" result={r.fineTuning} />
                  <FineTuningCounts fineTuning={r.fineTuningFigures} />
                  <p className="muted" style={{ fontSize: "0.8rem", margin: 0 }}>
                    {r.fineTuning.detail}
                  </p>
                </td>
                <td>
                  <ConstraintBadge name="dataLocality" result={r.dataLocality} />
                  <EgressNumbers egress={r.egress} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
