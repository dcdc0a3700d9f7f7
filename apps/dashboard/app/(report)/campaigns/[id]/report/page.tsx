import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageRole } from "@/lib/auth/server.ts";
import { getDb } from "@/lib/db.ts";
import { campaignReport } from "@/lib/report/report-view.ts";
import { requestOrigin } from "@/lib/report/request-origin.ts";
import { ReportDocument } from "../../../_report/report-document.tsx";

type Props = { params: Promise<{ id: string }> };

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Fleet report · campaign ${decode((await params).id)}` };
}

/** The printable report of a campaign: its suite on each class its devices belong to. */
export default async function CampaignReportPage({ params }: Props) {
  const id = decode((await params).id);
  await requirePageRole("viewer", `/campaigns/${encodeURIComponent(id)}/report`);
  const report = await campaignReport(await getDb(), id);
  if (!report) notFound();
  return <ReportDocument report={report} origin={await requestOrigin()} />;
}
