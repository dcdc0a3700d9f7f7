import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requirePageRole } from "@/lib/auth/server.ts";
import { getDb } from "@/lib/db.ts";
import { loadLeaderboard } from "@/lib/ranking/load-leaderboard.ts";
import { leaderboardPaths } from "@/lib/report/report-paths.ts";
import { leaderboardReport } from "@/lib/report/report-view.ts";
import { requestOrigin } from "@/lib/report/request-origin.ts";
import { ReportDocument } from "../../_report/report-document.tsx";

export const metadata: Metadata = { title: "Fleet report" };

type Query = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/** The printable report of one leaderboard selection; without both parameters, the full address of the default one. */
export default async function LeaderboardReportPage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  const wish = { suite: one(query.suite), class: one(query.class) };
  const params = new URLSearchParams(Object.entries(wish).flatMap(([k, v]) => (v ? [[k, v]] : [])));
  await requirePageRole("viewer", `/leaderboard/report${params.size ? `?${params}` : ""}`);
  const db = await getDb();
  if (!wish.suite || !wish.class) {
    // A report names exactly what it is about: send the default choice to its full, stable address.
    const page = await loadLeaderboard(db, wish);
    if (page.chosen) redirect(leaderboardPaths(page.chosen.suite.sha256, page.chosen.classId).html);
    return (
      <p className="report muted" data-testid="report-none">
        No benchmark results yet, so there is nothing to report.
      </p>
    );
  }
  const report = await leaderboardReport(db, { suiteSha256: wish.suite, deviceClassId: wish.class });
  if (!report) redirect("/leaderboard");
  return <ReportDocument report={report} origin={await requestOrigin()} />;
}
