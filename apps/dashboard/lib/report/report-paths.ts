/** The stable, shareable addresses of a report: its page, its PDF and the leaderboard it comes from. */
export interface ReportPaths {
  /** The leaderboard selection (full suite sha256 and class id); null for a campaign. */
  leaderboard: string | null;
  html: string;
  pdf: string;
}

const query = (suiteSha256: string, classId: string) =>
  `suite=${encodeURIComponent(suiteSha256)}&class=${encodeURIComponent(classId)}`;

/** A leaderboard selection's permalink, report and PDF: the full suite hash and class id, never a default. */
export function leaderboardPaths(suiteSha256: string, classId: string): ReportPaths {
  const q = query(suiteSha256, classId);
  return {
    leaderboard: `/leaderboard?${q}`,
    html: `/leaderboard/report?${q}`,
    pdf: `/leaderboard/report.pdf?${q}`,
  };
}

export function campaignReportPaths(campaignId: string): ReportPaths {
  const base = `/campaigns/${encodeURIComponent(campaignId)}`;
  return { leaderboard: null, html: `${base}/report`, pdf: `${base}/report.pdf` };
}
