import "server-only";
import { AppError } from "@edgeseg/protocol";
import { cookies } from "next/headers";
import { SESSION_COOKIE } from "../auth/server.ts";
import { log } from "../log.ts";
import { createPdfRenderer, type PdfRenderer } from "./pdf.ts";
import { renderReportPdf } from "./pdf-http.ts";
import { loadPdfSettings } from "./pdf-settings.ts";

export { pdfFileName } from "./pdf-http.ts";

// One renderer per server process (its queue makes PDFs one at a time), kept on globalThis for the
// same reason as the database client: Next may evaluate this module once per route bundle.
const global = globalThis as { __edgesegPdf?: { renderer: PdfRenderer; key: string } };

function renderer(chromiumPath: string, timeoutMs: number): PdfRenderer {
  const key = `${chromiumPath}|${timeoutMs}`;
  if (global.__edgesegPdf?.key !== key) {
    global.__edgesegPdf = { renderer: createPdfRenderer({ chromiumPath, timeoutMs }), key };
  }
  return global.__edgesegPdf.renderer;
}

/**
 * The report at `path` (the dashboard's own page) printed to PDF by Chromium with the viewer's
 * session cookie, so it shows exactly what the viewer's browser shows. 503 with the reason when
 * Chromium is missing, busy or too slow (pdf-http.ts).
 */
export async function reportPdfResponse(
  request: Request,
  path: string,
  filename: string,
  footer: string,
): Promise<Response> {
  const settings = loadPdfSettings();
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!value) throw new AppError("UNAUTHORIZED", "sign in to download a report");
  const started = Date.now();
  const outcome = await renderReportPdf({
    renderer: renderer(settings.chromiumPath, settings.timeoutMs),
    selfUrl: settings.selfUrl,
    session: { name: SESSION_COOKIE, value },
    request,
    path,
    filename,
    footer,
  });
  if (outcome.unavailable) log().warn({ path, reason: outcome.unavailable }, "report PDF unavailable");
  else log().info({ path, bytes: outcome.bytes, ms: Date.now() - started }, "report PDF made");
  return outcome.response;
}
