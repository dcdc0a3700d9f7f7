import type { Metadata } from "next";
import Link from "next/link";
import { GroupedBarChart } from "@/components/charts/grouped-bar-chart.tsx";
import { requirePageRole } from "@/lib/auth/server.ts";
import { getDb } from "@/lib/db.ts";
import { loadComparison } from "@/lib/ranking/load-comparison.ts";
import { ComparePicker } from "./compare-picker.tsx";
import { CompareTable } from "./compare-table.tsx";

export const metadata: Metadata = { title: "Compare fleets" };

type Query = Record<string, string | string[] | undefined>;

/** `classes=a,b` (the documented form) or repeated `class=a&class=b` (what the picker's checkboxes send). */
function classList(query: Query): string[] {
  const values = [query.classes, query.class].flat().filter((v): v is string => typeof v === "string");
  return [
    ...new Set(
      values
        .flatMap((v) => v.split(","))
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  const suite = typeof query.suite === "string" && query.suite !== "" ? query.suite : undefined;
  const classes = classList(query);
  const params = new URLSearchParams({
    ...(suite ? { suite } : {}),
    ...(classes.length ? { classes: classes.join(",") } : {}),
  });
  await requirePageRole("viewer", `/compare${params.size ? `?${params}` : ""}`);
  const page = await loadComparison(await getDb(), { suite, classes });
  if (!page.suite) {
    return (
      <>
        <h1>Compare fleets</h1>
        <p className="muted" data-testid="compare-none">
          No benchmark results yet: compare device classes once a suite has run on them.
        </p>
      </>
    );
  }
  const comparison = page.comparison;
  return (
    <>
      <h1>
        Compare fleets · <span className="mono">{page.suite.label}</span>
      </h1>
      <ComparePicker page={page} />
      {page.unknownClasses.length > 0 && (
        <p className="notice" data-testid="compare-unknown">
          Not known to the hub (no budgets): {page.unknownClasses.join(", ")}.
        </p>
      )}
      {page.classes.length < 2 && (
        <p className="notice" data-testid="compare-too-few">
          Pick two or more device classes to compare them side by side.
        </p>
      )}
      {comparison && (
        <>
          <CompareTable comparison={comparison} classes={page.classes} />
          <div style={{ marginTop: "1rem" }}>
            <GroupedBarChart
              title="Time per case by device class"
              note="mean end-to-end wall time per case: the class's median device per model (each device by the median of its dispatched VALID runs)"
              unit="s"
              testId="compare-chart"
              logScale
              data={{
                categories: comparison.models.map((m) => `${m.model.id}@${m.model.version}`),
                series: page.classes.map((c) => ({
                  label: c.name,
                  values: comparison.models.map((m) => {
                    const ms = m.byClass[c.id]?.perCaseMeanMs ?? null;
                    return ms === null ? null : ms / 1000;
                  }),
                })),
              }}
            />
          </div>
          {comparison.excluded.length > 0 && (
            <section aria-labelledby="compare-excluded">
              <h2 id="compare-excluded">Not compared</h2>
              <ul data-testid="compare-excluded">
                {comparison.excluded.map((e) => (
                  <li key={`${e.classId}/${e.model.id}@${e.model.version}`}>
                    <span className="mono">
                      {e.model.id}@{e.model.version}
                    </span>{" "}
                    on {e.classId}: {e.reason}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <p className="muted">
            Budgets and thresholds are each class's own; see a class's{" "}
            <Link href={`/leaderboard?suite=${page.suite.sha256}&class=${page.classes[0]?.id ?? ""}`}>
              leaderboard
            </Link>{" "}
            for the constraints in full.
          </p>
        </>
      )}
    </>
  );
}
