import { campaignOverview } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { withRole } from "@/lib/api.ts";
import { getDb } from "@/lib/db.ts";
import { pdfFileName, reportPdfResponse } from "@/lib/report/pdf-response.ts";
import { campaignReportPaths } from "@/lib/report/report-paths.ts";

/** A campaign's report as an A4 PDF, printed by Chromium from the report page with the viewer's session. */
export const GET = withRole<{ id: string }>("viewer", async (request, { params }) => {
  const campaign = await campaignOverview(await getDb(), params.id);
  if (!campaign) throw new AppError("NOT_FOUND", `no campaign ${params.id}: check the address`);
  const day = new Date().toISOString().slice(0, 10);
  return reportPdfResponse(
    request,
    campaignReportPaths(campaign.id).html,
    pdfFileName("edgeseg-report", "campaign", campaign.name, day),
    `edgeseg fleet report · campaign ${campaign.name}`,
  );
});
