import Link from "next/link";
import type { ModelConsistencyRow } from "@/lib/consistency/load-consistency.ts";
import { formatNumber, plural } from "@/lib/format.ts";

const signed = (v: number) => `${v > 0 ? "+" : v < 0 ? "−" : "±"}${Math.abs(v).toFixed(4)}`;

/**
 * Cross-device consistency: the same model and suite should give the same DSC on every device of a
 * class; a device (or the backend it ran) beyond the tolerance from the class median is listed with
 * the numbers.
 */
export function ConsistencyTable({ rows }: { rows: ModelConsistencyRow[] }) {
  return (
    <section aria-labelledby="consistency-heading">
      <h2 id="consistency-heading">Accuracy across devices</h2>
      <div className="table-wrap">
        <table data-testid="model-consistency">
          <caption>
            Per suite and device class: each device's median DSC against the class median; devices beyond the
            tolerance are flagged (runtime divergence — WASM against native, a broken build)
          </caption>
          <thead>
            <tr>
              <th scope="col">Device class</th>
              <th scope="col">Suite</th>
              <th scope="col" className="num">
                Devices with a DSC
              </th>
              <th scope="col" className="num">
                Class median DSC
              </th>
              <th scope="col">Devices that differ</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  No dispatched VALID run of this version yet.
                </td>
              </tr>
            )}
            {rows.map((r) => (
              <tr
                key={`${r.suiteSha256}/${r.deviceClassId}`}
                data-testid="model-consistency-row"
                data-class={r.deviceClassId}
                data-suite-sha256={r.suiteSha256}
                data-flagged={r.flags.length}
              >
                <th scope="row">
                  <Link
                    href={`/leaderboard?suite=${r.suiteSha256}&class=${encodeURIComponent(r.deviceClassId)}`}
                  >
                    {r.className}
                  </Link>
                </th>
                <td className="mono">{r.suite}</td>
                <td className="num">{r.reporting}</td>
                <td className="num">{formatNumber(r.classMedianDice, 4)}</td>
                <td>
                  {r.reporting < 2 ? (
                    <span className="muted">only one device: nothing to compare</span>
                  ) : r.flags.length === 0 ? (
                    <span className="badge ok" data-testid="model-consistency-ok">
                      all {r.reporting} agree within {r.tolerance}
                    </span>
                  ) : (
                    <>
                      <span className="badge bad">
                        {plural(r.flags.length, "device")} beyond {r.tolerance}
                      </span>
                      <ul style={{ margin: "0.25rem 0 0", paddingLeft: "1.1rem" }}>
                        {r.flags.map((f) => (
                          <li
                            key={f.deviceId}
                            data-testid="model-consistency-flag"
                            data-device-id={f.deviceId}
                            data-difference={f.difference}
                            title={f.message}
                          >
                            <Link href={`/devices/${encodeURIComponent(f.deviceId)}`}>{f.deviceId}</Link> (
                            {f.backends.join(", ") || "no backend"}): DSC {f.meanDice.toFixed(4)} vs median{" "}
                            {f.classMedianDice.toFixed(4)}, {signed(f.difference)}
                          </li>
                        ))}
                      </ul>
                    </>
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
