import { AppError } from "@edgeseg/protocol";

export type ExportFormat = "csv" | "json";

/** `<campaign id>.csv` / `.json` from the export URL's last segment. */
export function parseExportName(name: string): { campaignId: string; format: ExportFormat } {
  const match = /^(.+)\.(csv|json)$/.exec(name);
  if (!match?.[1]) {
    throw new AppError(
      "NOT_FOUND",
      `no export named "${name}": ask for <campaign id>.csv or <campaign id>.json`,
    );
  }
  return { campaignId: match[1], format: match[2] as ExportFormat };
}

/** Content-Disposition for a download: a plain ASCII file name (RFC 6266), nothing else passes. */
export function attachment(campaignId: string, format: ExportFormat): string {
  const safe = campaignId.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100);
  return `attachment; filename="campaign-${safe}.${format}"`;
}
