import { campaignOverview, campaignResults } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { withRole } from "@/lib/api.ts";
import { getDb } from "@/lib/db.ts";
import { toCsv } from "@/lib/ranking/campaigns/csv.ts";
import { CSV_COLUMNS, csvRows } from "@/lib/ranking/campaigns/export-columns.ts";
import { attachment, parseExportName } from "@/lib/ranking/campaigns/export-file.ts";

/**
 * Viewer: GET /api/export/campaigns/<id>.csv — one row per result × organ (columns in the dashboard
 * README); GET /api/export/campaigns/<id>.json — { campaign, results: [ { …, organs: [...] } ] }.
 * Both downloads (Content-Disposition: attachment).
 */
export const GET = withRole<{ file: string }>("viewer", async (_request, { params }) => {
  const { campaignId, format } = parseExportName(params.file);
  const db = await getDb();
  const [campaign, results] = await Promise.all([
    campaignOverview(db, campaignId),
    campaignResults(db, campaignId),
  ]);
  if (!campaign || !results) throw new AppError("NOT_FOUND", `campaign ${campaignId} not found`);
  const headers = { "Content-Disposition": attachment(campaignId, format), "Cache-Control": "no-store" };
  if (format === "json") {
    return Response.json({ campaign, results }, { headers });
  }
  const csv = toCsv(
    CSV_COLUMNS.map((c) => c.name),
    csvRows(results),
  );
  return new Response(csv, {
    headers: { ...headers, "Content-Type": "text/csv; charset=utf-8; header=present" },
  });
});
