import { AppError } from "@edgeseg/protocol";
import { errorBody } from "../errors.ts";
import { type PdfRenderer, PdfUnavailableError } from "./pdf.ts";

export interface ReportPdfInput {
  renderer: PdfRenderer;
  /** The dashboard's own base URL as the server reaches it (pdf-settings.ts). */
  selfUrl: string;
  /** The viewer's session cookie: the cookie's name and value, sent with the page request. */
  session: { name: string; value: string };
  /** The viewer's request to the PDF route (its host is passed on for the printed addresses). */
  request: Request;
  /** The report page's path and query. */
  path: string;
  filename: string;
  footer: string;
}

export interface ReportPdfOutcome {
  response: Response;
  /** Why no PDF was made (the 503's message), or null. */
  unavailable: string | null;
  bytes: number;
}

/**
 * The HTTP side of a report PDF: 200 `application/pdf` (inline, with its file name, never cached), or
 * 503 `{ error: { code: "RUNTIME", message } }` saying why when Chromium is missing, busy (with
 * Retry-After) or too slow. Any other failure is thrown as an AppError RUNTIME naming the page.
 */
export async function renderReportPdf(input: ReportPdfInput): Promise<ReportPdfOutcome> {
  try {
    const pdf = await input.renderer.render({
      url: `${input.selfUrl}${input.path}`,
      cookies: [input.session],
      headers: forwardedFrom(input.request),
      readySelector: '[data-testid="report"]',
      footer: input.footer,
    });
    const response = new Response(pdf as BodyInit, {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `inline; filename="${input.filename}"`,
        "cache-control": "private, no-store",
      },
    });
    return { response, unavailable: null, bytes: pdf.byteLength };
  } catch (error) {
    if (error instanceof PdfUnavailableError) {
      const response = Response.json(errorBody(new AppError("RUNTIME", error.message)), {
        status: 503,
        headers: error.retryAfterS === null ? {} : { "retry-after": String(error.retryAfterS) },
      });
      return { response, unavailable: error.message, bytes: 0 };
    }
    throw new AppError("RUNTIME", `the PDF of ${input.path} could not be made: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * The host and scheme the viewer used, passed on as X-Forwarded-* so the printed report's addresses
 * are the ones the viewer can open (Chromium itself reaches the dashboard on its own address).
 */
export function forwardedFrom(request: Request): Record<string, string> {
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
