import { z } from "zod";
import { readQuery, withRole } from "@/lib/api.ts";
import { pdfFileName, reportPdfResponse } from "@/lib/report/pdf-response.ts";
import { leaderboardPaths } from "@/lib/report/report-paths.ts";

const query = z.object({
  suite: z.string().regex(/^[0-9a-f]{64}$/, "the suite's full sha256 (64 lowercase hex digits)"),
  class: z.string().min(1).max(200),
});

/** The leaderboard report as an A4 PDF, printed by Chromium from the report page with the viewer's session. */
export const GET = withRole("viewer", async (request) => {
  const q = readQuery(request, query);
  const day = new Date().toISOString().slice(0, 10);
  return reportPdfResponse(
    request,
    leaderboardPaths(q.suite, q.class).html,
    pdfFileName("edgeseg-report", q.class, q.suite.slice(0, 12), day),
    `edgeseg fleet report · ${q.class} · suite ${q.suite.slice(0, 12)}…`,
  );
});
