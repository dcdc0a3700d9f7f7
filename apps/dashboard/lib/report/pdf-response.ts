import "server-only";
import { AppError } from "@edgeseg/protocol";
import { cookies } from "next/headers";
import { SESSION_COOKIE } from "../auth/server.ts";
import { errorBody } from "../errors.ts";
import { log } from "../log.ts";
import { createPdfRenderer, type PdfRenderer, PdfUnavailableError } from "./pdf.ts";
import { loadPdfSettings } from "./pdf-settings.ts";

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
 * Chromium is missing, busy or too slow.
 */
export async function reportPdfResponse(
  request: Request,
  path: string,
  filename: string,
  footer: string,
): Promise<Response> {
  const settings = loadPdfSettings();
  const session = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!session) throw new AppError("UNAUTHORIZED", "sign in to download a report");
  const url = `${settings.selfUrl}${path}`;
  const started = Date.now();
  try {
    const pdf = await renderer(settings.chromiumPath, settings.timeoutMs).render({
      url,
      cookies: [{ name: SESSION_COOKIE, value: session }],
      readySelector: '[data-testid="report"]',
      footer,
      headers: forwardedFrom(request),
    });
    log().info({ path, bytes: pdf.byteLength, ms: Date.now() - started }, "report PDF made");
    return new Response(pdf as BodyInit, {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `inline; filename="${filename}"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (error) {
    if (error instanceof PdfUnavailableError) {
      log().warn({ path, reason: error.message }, "report PDF unavailable");
      return Response.json(errorBody(new AppError("RUNTIME", error.message)), {
        status: 503,
        headers: error.retryAfterS === null ? {} : { "retry-after": String(error.retryAfterS) },
      });
    }
    throw new AppError("RUNTIME", `the PDF of ${path} could not be made: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * The host and scheme the viewer used, passed on as X-Forwarded-* so the printed report's addresses
 * are the ones the viewer can open (Chromium itself reaches the dashboard on its own address).
 */
function forwardedFrom(request: Request): Record<string, string> {
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const proto = request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(/:$/, "");
  return host ? { "x-forwarded-host": host, "x-forwarded-proto": proto } : {};
}

/** A file name from report parts: letters, digits, dots and dashes only. */
export function pdfFileName(...parts: string[]): string {
  return `${parts
    .map((p) => p.replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-+|-+$/g, ""))
    .filter(Boolean)
    .join("_")}.pdf`;
}
