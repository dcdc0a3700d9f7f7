import Link from "next/link";
import type { FleetReport } from "@/lib/report/report-view.ts";
import { ClassSections } from "./class-sections.tsx";
import { PrintButton } from "./print-button.tsx";
import { utc } from "./report-format.ts";

/**
 * A fleet report: per (suite, device class) a summary with the hashes and rules, the fleet statistics,
 * the five constraints, the charts and the device list — each a printed page of its own. `origin` makes
 * the printed addresses absolute.
 */
export function ReportDocument({ report, origin }: { report: FleetReport; origin: string }) {
  const back = report.campaign
    ? `/campaigns/${encodeURIComponent(report.campaign.id)}`
    : report.paths.leaderboard;
  return (
    <article
      className="report"
      data-testid="report"
      data-kind={report.kind}
      data-generated-at={report.generatedAt}
      data-sections={report.classes.reduce(
        (n, c) => n + (c.view && c.policy ? 5 : 1),
        report.campaign ? 1 : 0,
      )}
    >
      <nav className="report-toolbar" aria-label="Report">
        {back && <Link href={back}>← {report.campaign ? "Campaign" : "Leaderboard"}</Link>}
        <PrintButton />
        <a href={report.paths.pdf} data-testid="report-pdf-link">
          PDF
        </a>
        <span className="muted">
          Permalink:{" "}
          <a href={report.paths.html} data-testid="report-permalink" className="hash">
            {origin}
            {report.paths.html}
          </a>
        </span>
      </nav>
      {report.campaign && (
        <section className="report-section" data-testid="report-section" data-section="campaign">
          <h1>{report.title}</h1>
          <dl className="facts">
            <dt>Campaign</dt>
            <dd>
              {report.campaign.name} <span className="hash">({report.campaign.id})</span>,{" "}
              {report.campaign.status}
            </dd>
            <dt>Created</dt>
            <dd>
              {utc(report.campaign.createdAt)}
              {report.campaign.createdBy && ` by ${report.campaign.createdBy}`}
            </dd>
            <dt>Generated</dt>
            <dd data-testid="report-generated">{utc(report.generatedAt)}</dd>
            <dt>Device classes</dt>
            <dd>
              {report.classes.map((c) => `${c.className} (${c.classId})`).join(", ") ||
                "none with results yet"}
            </dd>
            {report.campaign.classesWithoutResults.length > 0 && (
              <>
                <dt>No results yet</dt>
                <dd>{report.campaign.classesWithoutResults.join(", ")}</dd>
              </>
            )}
            {report.campaign.devicesWithoutClass > 0 && (
              <>
                <dt>Not ranked</dt>
                <dd>
                  {report.campaign.devicesWithoutClass} of the campaign's devices have no device class, so
                  their results belong to no leaderboard
                </dd>
              </>
            )}
            <dt>Report</dt>
            <dd className="hash">
              {origin}
              {report.paths.html}
            </dd>
          </dl>
          <p>
            Each class below is ranked as its leaderboard ranks it: the fleet figures are over every
            dispatched VALID run of the suite on that class, not only this campaign's; the campaign's models
            are marked.
          </p>
        </section>
      )}
      {report.classes.map((c) => (
        <ClassSections
          key={c.classId}
          section={c}
          generatedAt={report.generatedAt}
          origin={origin}
          campaign={report.campaign !== null}
        />
      ))}
    </article>
  );
}
