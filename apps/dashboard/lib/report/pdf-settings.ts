import { AppError } from "@edgeseg/protocol";
import { z } from "zod";

/** What the PDF export reads from the environment. */
export interface PdfSettings {
  chromiumPath: string;
  /** The dashboard's own base URL as its server reaches it (Chromium loads the report from there). */
  selfUrl: string;
  timeoutMs: number;
}

const schema = z.object({
  EDGESEG_CHROMIUM: z.string().startsWith("/", "must be an absolute path").default("/usr/bin/chromium"),
  EDGESEG_DASHBOARD_URL: z.url({ protocol: /^https?$/ }).optional(),
  EDGESEG_PDF_TIMEOUT_S: z.coerce.number().int().min(5).max(600).default(60),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
});

/**
 * The PDF export's settings: Chromium's path (Debian's by default), how long one PDF may take, and
 * where Chromium finds the report — EDGESEG_DASHBOARD_URL, else the loopback address on the port
 * `next start` listens on (it sets PORT). Never the request's Host header: a client must not choose
 * where the server's browser goes. A bad value names the variable.
 */
export function loadPdfSettings(env: Record<string, string | undefined> = process.env): PdfSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    throw new AppError("USAGE", `${name}=${JSON.stringify(env[name])} is invalid: ${issue?.message}`);
  }
  const s = parsed.data;
  return {
    chromiumPath: s.EDGESEG_CHROMIUM,
    selfUrl: (s.EDGESEG_DASHBOARD_URL ?? `http://127.0.0.1:${s.PORT}`).replace(/\/+$/, ""),
    timeoutMs: s.EDGESEG_PDF_TIMEOUT_S * 1000,
  };
}
