import type { DeviceDetail } from "@/lib/devices/load-device.ts";
import { formatDateTime, formatMb, formatMs, formatNumber } from "@/lib/format.ts";

export function ResultTable({ results }: { results: DeviceDetail["results"] }) {
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading">Results</h2>
      <div className="table-wrap">
        <table data-testid="result-table">
          <caption>Latest {results.length} benchmark results on this device, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Suite</th>
              <th scope="col">Model</th>
              <th scope="col">Verdict</th>
              <th scope="col" className="num">
                Mean DSC
              </th>
              <th scope="col" className="num">
                Mean NSD
              </th>
              <th scope="col" className="num">
                Time per case
              </th>
              <th scope="col" className="num">
                Peak memory
              </th>
            </tr>
          </thead>
          <tbody>
            {results.length === 0 && (
              <tr>
                <td colSpan={8} className="muted">
                  No results yet.
                </td>
              </tr>
            )}
            {results.map((r) => (
              <tr key={r.id} data-testid="result-row" data-result-id={r.id}>
                <td>{formatDateTime(r.createdAt)}</td>
                <td className="mono">{r.suite}</td>
                <td className="mono">
                  {r.modelId}@{r.modelVersion}
                </td>
                <td>
                  <span
                    className={`badge ${r.verdict === "VALID" ? "ok" : "bad"}`}
                    data-testid="result-verdict"
                  >
                    {r.verdict}
                  </span>
                  {r.status === "failed" && <span className="badge bad">failed</span>}
                  {r.throttled && <span className="badge warn">throttled</span>}
                  {r.verified ? (
                    <span
                      className="badge ok"
                      data-testid="result-verified"
                      title="signed by this device's enrolled Ed25519 key; the hub verified it before storing"
                    >
                      verified
                    </span>
                  ) : (
                    <span
                      className="badge warn"
                      data-testid="result-unverified"
                      title="sent without a signature by an agent that enrolled no signing key: never ranked"
                    >
                      unverified
                    </span>
                  )}
                </td>
                <td className="num">{formatNumber(r.meanDice, 3)}</td>
                <td className="num">{formatNumber(r.meanNsd, 3)}</td>
                <td className="num">{formatMs(r.perCaseMeanMs)}</td>
                <td className="num">{formatMb(r.peakRssMb)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
