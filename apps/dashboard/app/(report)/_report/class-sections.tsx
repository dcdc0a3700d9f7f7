import { CONSTRAINT_INFO, CONSTRAINT_KEYS, DEFAULT_CONSISTENCY_TOLERANCE } from "@edgeseg/scoring";
import { LatencyChart } from "@/components/charts/latency-chart.tsx";
import { ParetoChart } from "@/components/charts/pareto-chart.tsx";
import { EgressNumbers, FineTuningCounts } from "@/components/measured-numbers.tsx";
import { SYNTHETIC_LABEL } from "@/lib/deployability/view.ts";
import { formatMb, formatMs, formatNumber, plural } from "@/lib/format.ts";
import type { ClassReport } from "@/lib/report/report-view.ts";
import { signed, utc } from "./report-format.ts";

type Props = { section: ClassReport; generatedAt: string; origin: string; campaign: boolean };

const tone = { pass: "ok", fail: "bad", unknown: "" } as const;

/** The line atop every page of a class, so a loose printed page still says what it belongs to. */
function Running({
  section,
  generatedAt,
  part,
}: {
  section: ClassReport;
  generatedAt: string;
  part: string;
}) {
  return (
    <div className="report-running">
      <span>
        edgeseg fleet report · {section.className} · {section.suite.label}
      </span>
      <span>
        {part} · generated {utc(generatedAt)}
      </span>
    </div>
  );
}

/** One (suite, device class): five sections, each a printed page. */
export function ClassSections({ section, generatedAt, origin, campaign }: Props) {
  const s = section;
  const sectionProps = (name: string) => ({
    className: "report-section",
    "data-testid": "report-section",
    "data-section": name,
    "data-class": s.classId,
  });
  if (!s.view || !s.policy) {
    return (
      <section {...sectionProps("summary")}>
        <Running section={s} generatedAt={generatedAt} part="Summary" />
        <h1>
          {s.className} · {s.suite.label}
        </h1>
        <p className="notice" data-testid="report-unknown-class">
          Device class {s.classId} is not known to the hub (no budgets), so its results cannot be ranked.
        </p>
      </section>
    );
  }
  const v = s.view;
  const rows = v.rows;
  return (
    <>
      <section {...sectionProps("summary")}>
        <Running section={s} generatedAt={generatedAt} part="Summary" />
        <h1 data-testid="report-title">
          {campaign ? "" : "Fleet report: "}
          <span data-testid="report-class" data-class-id={s.classId}>
            {s.className}
          </span>{" "}
          · {s.suite.label}
        </h1>
        <dl className="facts">
          <dt>Device class</dt>
          <dd>
            {s.className} <span className="hash">({s.classId})</span>
          </dd>
          <dt>Suite</dt>
          <dd>
            {s.suite.label}
            {!s.suite.registered && " (not in the catalogue)"}
            <div className="hash" data-testid="report-suite-sha256">
              sha256 {s.suite.sha256}
            </div>
          </dd>
          <dt>Generated</dt>
          <dd data-testid="report-generated">{utc(generatedAt)}</dd>
          <dt>Fleet</dt>
          <dd data-testid="report-fleet-size">
            {s.devices === 1
              ? "1 device only: the figures are that device's medians, not a fleet's spread"
              : `${plural(s.devices, "device")} with dispatched VALID runs`}
            , {plural(rows.length, "model")} ranked
          </dd>
          <dt>Budgets</dt>
          <dd>
            memory {formatMb(s.policy.memoryBudgetMb)}, {s.policy.caseTimeBudgetS} s per case; mean DSC ≥{" "}
            {s.policy.diceThreshold}, mean NSD ≥ {s.policy.nsdThreshold}
          </dd>
          <dt>Fleet rule</dt>
          <dd data-testid="report-fleet-rule">
            Each model's figure is a typical device of the class, not its best run: every device contributes
            the median of its dispatched VALID runs, and the class takes the median across its devices (p90
            and range across devices beside it). {v.fleetRule}
          </dd>
          {s.paths.leaderboard && (
            <>
              <dt>Leaderboard</dt>
              <dd className="hash" data-testid="report-leaderboard-link">
                {origin}
                {s.paths.leaderboard}
              </dd>
            </>
          )}
        </dl>
        <h2>Models</h2>
        <div className="table-wrap">
          <table data-testid="report-models">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Rank
                </th>
                <th scope="col">Model</th>
                <th scope="col">Version</th>
                <th scope="col">Manifest sha256</th>
              </tr>
            </thead>
            <tbody>
              {s.models.map((m) => {
                const row = rows.find((r) => r.label === m.label);
                return (
                  <tr
                    key={m.label}
                    data-testid="report-model"
                    data-model={m.label}
                    data-manifest-sha256={m.manifestSha256 ?? ""}
                  >
                    <td className="num">{row ? row.rank : "—"}</td>
                    <th scope="row">
                      {m.modelId}
                      {campaign && m.inCampaign && <span className="badge"> in this campaign</span>}
                      {!m.ranked && <span className="badge warn"> not ranked</span>}
                      {v.excluded.some((e) => e.label === m.label && e.synthetic) && (
                        <span className="badge warn" data-testid="report-synthetic">
                          {" "}
                          {SYNTHETIC_LABEL}
                        </span>
                      )}
                    </th>
                    <td className="mono">{m.modelVersion}</td>
                    <td className="hash">{m.manifestSha256 ?? "not in the catalogue"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <h2>How the score is computed</h2>
        <p className="card" data-testid="report-formula">
          {v.formula}
        </p>
        <ol className="small">
          {v.rules.map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ol>
        {v.excluded.length > 0 && (
          <>
            <h3>Not ranked</h3>
            <ul data-testid="report-excluded">
              {v.excluded.map((e) => (
                <li key={e.label}>
                  <span className="mono">{e.label}</span>
                  {e.synthetic && ` (${SYNTHETIC_LABEL})`}: {e.reason}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section {...sectionProps("statistics")}>
        <Running section={s} generatedAt={generatedAt} part="Fleet statistics" />
        <h2>Fleet statistics</h2>
        <p className="muted">
          Medians across devices (each device by the median of its runs), p90 and range across devices. The
          best run is the fastest single run in the class: for reference, not the ranking.
        </p>
        <div className="table-wrap">
          <table data-testid="report-statistics">
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">Model</th>
                <th scope="col" className="num">
                  Score
                </th>
                <th scope="col" className="num">
                  Devices · runs
                </th>
                <th scope="col" className="num">
                  DSC · NSD
                </th>
                <th scope="col" className="num">
                  Per case: median · p90 · range
                </th>
                <th scope="col" className="num">
                  p50 · p90 · p99
                </th>
                <th
                  scope="col"
                  className="num"
                  title="Energy per case where the devices have a sensor; RAM-time: resident memory over the run"
                >
                  Peak memory: median · p90 · max; energy · RAM-time
                </th>
                <th scope="col" className="num">
                  Best run
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={9} className="muted" data-testid="report-empty">
                    No dispatched VALID result on this device class and suite yet.
                  </td>
                </tr>
              )}
              {rows.map((r) => (
                <tr
                  key={r.label}
                  data-testid="report-stat-row"
                  data-model={r.label}
                  data-devices={r.devices}
                  data-runs={r.runs}
                  data-per-case-median={r.perCase.median ?? ""}
                >
                  <td className="num">{r.rank}</td>
                  <th scope="row" className="mono">
                    {r.label}
                  </th>
                  <td className="num">{formatNumber(r.score, 3)}</td>
                  <td className="num">
                    {r.devices} · {r.runs}
                    {(r.invalidRuns > 0 || r.unstableRuns > 0) && (
                      <div className="muted">
                        {r.invalidRuns > 0 && `${r.invalidRuns} INVALID excluded `}
                        {r.unstableRuns > 0 && `${r.unstableRuns} UNSTABLE`}
                      </div>
                    )}
                  </td>
                  <td className="num">
                    {formatNumber(r.meanDice, 3)} · {formatNumber(r.meanNsd, 3)}
                  </td>
                  <td className="num">
                    <strong>{formatMs(r.perCase.median)}</strong> · {formatMs(r.perCase.p90)}
                    <div className="muted">
                      {formatMs(r.perCase.min)}–{formatMs(r.perCase.max)}
                    </div>
                  </td>
                  <td className="num">
                    {formatMs(r.p50Ms)} · {formatMs(r.p90Ms)} · {formatMs(r.p99Ms)}
                  </td>
                  <td className="num">
                    {formatMb(r.peakRss.median)} · {formatMb(r.peakRss.p90)} · {formatMb(r.peakRss.max)}
                    <div className="muted" data-testid="report-energy">
                      {r.energyPerCaseJ === null
                        ? "no energy sensor"
                        : `${formatNumber(r.energyPerCaseJ, 1)} J/case`}
                      {r.ramGbS !== null && ` · ${formatNumber(r.ramGbS, 1)} GB·s`}
                    </div>
                  </td>
                  <td className="num">
                    {r.best ? (
                      <>
                        {formatMs(r.best.perCaseMs)}
                        <div className="muted">on {s.deviceNames[r.best.deviceId] ?? r.best.deviceId}</div>
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
        {v.invalidRunsOfRanked + v.notDispatchedRunsOfRanked > 0 && (
          <p className="muted">
            Left out of the figures: {v.invalidRunsOfRanked} INVALID runs and {v.notDispatchedRunsOfRanked}{" "}
            runs the hub did not dispatch.
          </p>
        )}
      </section>

      <section {...sectionProps("constraints")}>
        <Running section={s} generatedAt={generatedAt} part="The five constraints" />
        <h2>The five deployment constraints</h2>
        {rows.length === 0 && <p className="muted">No model is ranked on this class yet.</p>}
        {rows.map((r) => (
          <div key={r.label} data-testid="report-constraints" data-model={r.label}>
            <h3>
              #{r.rank} <span className="mono">{r.label}</span> — score {formatNumber(r.score, 3)}
              {r.hardFailures.length > 0 && (
                <span className="badge bad"> fails a hard constraint: {r.hardFailures.join(", ")}</span>
              )}
            </h3>
            <div className="table-wrap">
              <table>
                <tbody>
                  {CONSTRAINT_KEYS.map((k) => (
                    <tr
                      key={k}
                      data-testid="report-constraint"
                      data-constraint={k}
                      data-status={r.constraints[k].status}
                    >
                      <th scope="row" style={{ width: "9rem" }}>
                        {CONSTRAINT_INFO[k].title}
                      </th>
                      <td style={{ width: "4rem" }}>
                        <span className={`badge ${tone[r.constraints[k].status]}`}>
                          {r.constraints[k].status}
                        </span>
                      </td>
                      <td>
                        {r.constraints[k].value}
                        {k === "dataLocality" && <EgressNumbers egress={r.egress} />}
                        {k === "fineTuning" && <FineTuningCounts fineTuning={r.fineTuning} />}
                        <div className="muted small">{r.constraints[k].detail}</div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ))}
      </section>

      <section {...sectionProps("charts")}>
        <Running section={s} generatedAt={generatedAt} part="Charts" />
        <h2>Charts</h2>
        <div className="report-charts">
          <ParetoChart
            points={rows.flatMap((r) =>
              r.meanDice !== null && r.perCaseMeanMs !== null
                ? [{ label: r.label, accuracy: r.meanDice, timeMs: r.perCaseMeanMs, onFront: r.onFront }]
                : [],
            )}
          />
          <LatencyChart
            models={rows.map((r) => ({ label: r.label, p50Ms: r.p50Ms, p90Ms: r.p90Ms, p99Ms: r.p99Ms }))}
          />
        </div>
      </section>

      <section {...sectionProps("devices")}>
        <Running section={s} generatedAt={generatedAt} part="Devices" />
        <h2>Devices</h2>
        <p className="muted">
          Each device's medians over its dispatched VALID runs. Accuracy should not depend on the device: a
          device whose DSC differs from the class median by more than {DEFAULT_CONSISTENCY_TOLERANCE} is
          flagged.
        </p>
        {rows.map((r) => {
          const flags = new Map(r.consistency.map((c) => [c.deviceId, c]));
          return (
            <div key={r.label} data-testid="report-devices" data-model={r.label}>
              <h3>
                <span className="mono">{r.label}</span> on {plural(r.devices, "device")}
                {r.consistency.length > 0 && (
                  <span className="badge bad">
                    {" "}
                    accuracy differs on {plural(r.consistency.length, "device")}
                  </span>
                )}
              </h3>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Device</th>
                      <th scope="col">Backends</th>
                      <th scope="col" className="num">
                        Runs
                      </th>
                      <th scope="col" className="num">
                        DSC
                      </th>
                      <th scope="col" className="num">
                        Per case
                      </th>
                      <th scope="col" className="num">
                        Peak memory
                      </th>
                      <th scope="col">Consistency</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.perDevice.map((d) => {
                      const flag = flags.get(d.deviceId);
                      return (
                        <tr
                          key={d.deviceId}
                          data-testid="report-device-row"
                          data-device-id={d.deviceId}
                          data-model={r.label}
                          data-consistent={flag ? "false" : "true"}
                        >
                          <th scope="row">
                            {s.deviceNames[d.deviceId] ?? d.deviceId}
                            {s.deviceNames[d.deviceId] !== d.deviceId && (
                              <div className="hash muted">{d.deviceId}</div>
                            )}
                          </th>
                          <td>{d.backends.join(", ")}</td>
                          <td className="num">
                            {d.runs}
                            {d.unstableRuns > 0 && <div className="muted">{d.unstableRuns} UNSTABLE</div>}
                          </td>
                          <td className="num">{formatNumber(d.meanDice, 4)}</td>
                          <td className="num">{formatMs(d.perCaseMeanMs)}</td>
                          <td className="num">{formatMb(d.peakRssMb)}</td>
                          <td>
                            {flag ? (
                              <span className="badge bad" title={flag.message}>
                                differs {signed(flag.difference)} from median{" "}
                                {flag.classMedianDice.toFixed(4)}
                              </span>
                            ) : r.devices > 1 ? (
                              <span className="badge ok">agrees</span>
                            ) : (
                              <span className="muted">only device</span>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </div>
          );
        })}
      </section>
    </>
  );
}
