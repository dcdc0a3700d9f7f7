import Link from "next/link";
import type { DeviceConsistencyRow } from "@/lib/consistency/load-consistency.ts";
import { formatNumber } from "@/lib/format.ts";

const signed = (v: number | null) =>
  v === null ? "—" : `${v > 0 ? "+" : v < 0 ? "−" : "±"}${Math.abs(v).toFixed(4)}`;

const badge = {
  agrees: { tone: "ok", word: "agrees" },
  differs: { tone: "bad", word: "differs" },
  alone: { tone: "", word: "only device" },
  "no-dsc": { tone: "", word: "no DSC" },
} as const;

/** For each model this device ran: does its DSC agree with its class's median for that model and suite? */
export function ConsistencyTable({ rows }: { rows: DeviceConsistencyRow[] }) {
  return (
    <section aria-labelledby="consistency-heading">
      <h2 id="consistency-heading">Accuracy against its class</h2>
      <div className="table-wrap">
        <table data-testid="device-consistency">
          <caption>
            This device's median DSC per model and suite against the median of its class's devices: the same
            model should give the same accuracy on every device
          </caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Suite</th>
              <th scope="col">Backends</th>
              <th scope="col" className="num">
                DSC here
              </th>
              <th scope="col" className="num">
                Class median
              </th>
              <th scope="col" className="num">
                Difference
              </th>
              <th scope="col">Agreement</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  No dispatched VALID run on this device yet.
                </td>
              </tr>
            )}
            {rows.map((r) => (
              <tr
                key={`${r.suiteSha256}/${r.deviceClassId}/${r.modelId}@${r.modelVersion}`}
                data-testid="device-consistency-row"
                data-model={`${r.modelId}@${r.modelVersion}`}
                data-suite-sha256={r.suiteSha256}
                data-status={r.status}
              >
                <th scope="row" className="mono">
                  <Link
                    href={`/models/${encodeURIComponent(r.modelId)}?version=${encodeURIComponent(r.modelVersion)}`}
                  >
                    {r.modelId}@{r.modelVersion}
                  </Link>
                </th>
                <td className="mono">
                  <Link
                    href={`/leaderboard?suite=${r.suiteSha256}&class=${encodeURIComponent(r.deviceClassId)}`}
                  >
                    {r.suite}
                  </Link>
                </td>
                <td>{r.backends.join(", ")}</td>
                <td className="num">{formatNumber(r.meanDice, 4)}</td>
                <td className="num">
                  {formatNumber(r.classMedianDice, 4)}
                  <div className="muted" style={{ fontSize: "0.8rem" }}>
                    over {r.classDevices} device{r.classDevices === 1 ? "" : "s"}
                  </div>
                </td>
                <td className="num">{signed(r.difference)}</td>
                <td>
                  <span className={`badge ${badge[r.status].tone}`} data-testid="device-consistency-status">
                    {badge[r.status].word}
                  </span>
                  {r.flag && (
                    <div
                      className="notice"
                      style={{ fontSize: "0.8rem" }}
                      data-testid="device-consistency-flag"
                    >
                      {r.flag.message}
                    </div>
                  )}
                  {r.status === "agrees" && (
                    <div className="muted" style={{ fontSize: "0.8rem" }}>
                      within {r.tolerance}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
