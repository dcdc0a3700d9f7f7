import { leaderboardPaths } from "@/lib/report/report-paths.ts";

/**
 * The selection's stable address (full suite sha256 and class id, whatever default chose them) and
 * its printable report, as HTML and as a PDF made by the dashboard.
 */
export function ReportLinks({ suiteSha256, classId }: { suiteSha256: string; classId: string }) {
  const paths = leaderboardPaths(suiteSha256, classId);
  return (
    <p className="row" data-testid="leaderboard-share">
      <a
        href={paths.leaderboard ?? undefined}
        data-testid="leaderboard-permalink"
        title="This leaderboard's stable address"
      >
        Share / permalink
      </a>
      <a href={paths.html} data-testid="leaderboard-report">
        Report (HTML)
      </a>
      <a href={paths.pdf} data-testid="leaderboard-report-pdf">
        PDF
      </a>
    </p>
  );
}
