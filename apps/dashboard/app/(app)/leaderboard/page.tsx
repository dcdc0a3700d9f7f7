import { CONSTRAINT_INFO, CONSTRAINT_KEYS } from "@edgeseg/scoring";
import type { Metadata } from "next";
import { LatencyChart } from "@/components/charts/latency-chart.tsx";
import { ParetoChart } from "@/components/charts/pareto-chart.tsx";
import { requirePageRole } from "@/lib/auth/server.ts";
import { getDb } from "@/lib/db.ts";
import { loadLeaderboard } from "@/lib/ranking/load-leaderboard.ts";
import { ExcludedList } from "./excluded-list.tsx";
import { LeaderboardTable } from "./leaderboard-table.tsx";
import { PolicyPanel } from "./policy-panel.tsx";
import { ReportLinks } from "./report-links.tsx";
import { SlicePicker } from "./slice-picker.tsx";

export const metadata: Metadata = { title: "Leaderboard" };

type Query = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function LeaderboardPage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  const wish = { suite: one(query.suite), class: one(query.class) };
  const params = new URLSearchParams(Object.entries(wish).flatMap(([k, v]) => (v ? [[k, v]] : [])));
  const user = await requirePageRole("viewer", `/leaderboard${params.size ? `?${params}` : ""}`);
  const page = await loadLeaderboard(await getDb(), wish);
  if (!page.chosen) {
    return (
      <>
        <h1>Leaderboard</h1>
        <p className="muted" data-testid="leaderboard-none">
          No benchmark results yet. Run a campaign (or the standard suite on a device) and the ranking appears
          here.
        </p>
      </>
    );
  }
  const { chosen, view, policy, classRow } = page;
  return (
    <>
      <h1>
        Leaderboard: <span data-testid="leaderboard-class">{chosen.className}</span> ·{" "}
        <span className="mono" data-testid="leaderboard-suite" data-suite-sha256={chosen.suite.sha256}>
          {chosen.suite.label}
        </span>
      </h1>
      <SlicePicker options={page.options} suite={chosen.suite.sha256} classId={chosen.classId} />
      <ReportLinks suiteSha256={chosen.suite.sha256} classId={chosen.classId} />
      {!classRow || !policy || !view ? (
        <p className="notice" data-testid="leaderboard-unknown-class">
          Device class {chosen.classId} is not known to the hub (no budgets), so its results cannot be ranked.
          Enrol a device of this class, or pick another class.
        </p>
      ) : (
        <>
          <p className="card" data-testid="fleet-rule">
            Each model's figure is a typical device of the class, not its best run: every device contributes
            the median of its dispatched VALID runs, and the class takes the median across its devices (p90
            and range across devices beside it). {view.fleetRule}
          </p>
          <LeaderboardTable
            rows={view.rows}
            caption={`Models ranked on ${chosen.className} for suite ${chosen.suite.label}: the class's median device per model`}
          />
          <section aria-labelledby="formula-heading">
            <h2 id="formula-heading">How the score is computed</h2>
            <p className="card" data-testid="composite-formula">
              {view.formula}
            </p>
            <details>
              <summary>Ranking rules and each model's workings</summary>
              <ol data-testid="ranking-rules">
                {view.rules.map((rule) => (
                  <li key={rule}>{rule}</li>
                ))}
              </ol>
              <ul data-testid="score-workings">
                {view.rows.map((r) => (
                  <li key={r.label}>
                    <span className="mono">{r.label}</span>: {r.workings}
                  </li>
                ))}
              </ul>
            </details>
            <details>
              <summary>The five constraints</summary>
              <dl className="facts" data-testid="constraint-rules">
                {CONSTRAINT_KEYS.map((k) => (
                  <div key={k} style={{ display: "contents" }}>
                    <dt>{CONSTRAINT_INFO[k].title}</dt>
                    <dd>{CONSTRAINT_INFO[k].rule}</dd>
                  </div>
                ))}
              </dl>
            </details>
          </section>
          <div className="grid" style={{ marginTop: "1rem" }}>
            <ParetoChart
              points={view.rows.flatMap((r) =>
                r.meanDice !== null && r.perCaseMeanMs !== null
                  ? [{ label: r.label, accuracy: r.meanDice, timeMs: r.perCaseMeanMs, onFront: r.onFront }]
                  : [],
              )}
            />
            <LatencyChart
              models={view.rows.map((r) => ({
                label: r.label,
                p50Ms: r.p50Ms,
                p90Ms: r.p90Ms,
                p99Ms: r.p99Ms,
              }))}
            />
          </div>
          <ExcludedList
            excluded={view.excluded}
            invalidRunsOfRanked={view.invalidRunsOfRanked}
            notDispatchedRunsOfRanked={view.notDispatchedRunsOfRanked}
          />
          <PolicyPanel
            classId={classRow.id}
            className={classRow.name}
            policy={policy}
            custom={page.customScoring}
            isAdmin={user.role === "admin"}
          />
        </>
      )}
    </>
  );
}
