import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

/** Why a PDF cannot be made now: the dashboard answers 503 with this message (and Retry-After when busy). */
export class PdfUnavailableError extends Error {
  override readonly name = "PdfUnavailableError";
  constructor(
    message: string,
    /** Seconds after which trying again may work; null when it will not without a change. */
    readonly retryAfterS: number | null = null,
  ) {
    super(message);
  }
}

// Exactly the flags of /work/shared/PLATFORM-NOTES.md: without the networking ones Chromium floods a
// closed network with connections. Playwright adds its own automation flags besides.
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A4 at 96 CSS px per inch: the page lays out (and the charts draw) at the width they print at. */
const A4_VIEWPORT = { width: 794, height: 1123 };

export interface PdfRendererOptions {
  /** Chromium's executable (Debian: /usr/bin/chromium). */
  chromiumPath: string;
  /** Bound on one PDF from launch to the last byte; Chromium is closed when it runs out. */
  timeoutMs?: number;
  /** Requests that may wait while one renders; more are refused as busy. */
  maxWaiting?: number;
}

export interface PdfRequest {
  /** The report page to print (absolute URL). */
  url: string;
  /** Cookies to send with it (the viewer's session, so the page renders for the same user). */
  cookies?: { name: string; value: string }[];
  /** Extra request headers (the public host the viewer used, for the addresses the report prints). */
  headers?: Record<string, string>;
  /** A CSS selector the page must show once rendered; a page without it (a log-in redirect) is an error. */
  readySelector: string;
  /** Footer text left of the page numbers. */
  footer: string;
}

export interface PdfRenderer {
  /** The page as an A4 PDF once every canvas on it is drawn (`data-drawn="true"`). */
  render(request: PdfRequest): Promise<Uint8Array>;
  /** Renders in progress or waiting. */
  readonly pending: number;
}

/**
 * Prints pages to PDF with Debian's Chromium through playwright-core, one at a time: each render
 * launches Chromium with a fresh `--user-data-dir` (a temporary directory removed afterwards), loads
 * the page with the given cookies, waits for its charts, prints A4 and closes the browser. Chromium's
 * processes take ~335 MB together (measured), so renders queue; beyond `maxWaiting` they are refused as busy.
 */
export function createPdfRenderer(opts: PdfRendererOptions): PdfRenderer {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const maxWaiting = opts.maxWaiting ?? 3;
  let pending = 0;
  let chain: Promise<unknown> = Promise.resolve();
  return {
    get pending() {
      return pending;
    },
    async render(request) {
      checkExecutable(opts.chromiumPath);
      if (pending >= 1 + maxWaiting) {
        throw new PdfUnavailableError(
          `${pending} PDFs are being made or waiting (one at a time): try again in a minute, or print the HTML report from the browser`,
          30,
        );
      }
      pending += 1;
      const run = chain.then(() => renderOnce(opts.chromiumPath, request, timeoutMs));
      chain = run.catch(() => {});
      try {
        return await run;
      } finally {
        pending -= 1;
      }
    },
  };
}

function checkExecutable(path: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new PdfUnavailableError(
      `Chromium is not installed at ${path}, so the dashboard cannot make PDFs: install Debian's package on the dashboard's machine (apt-get install chromium) or set EDGESEG_CHROMIUM to its executable; the HTML report prints from any browser meanwhile`,
    );
  }
}

async function renderOnce(chromiumPath: string, request: PdfRequest, timeoutMs: number): Promise<Uint8Array> {
  const started = Date.now();
  const left = () => Math.max(1, timeoutMs - (Date.now() - started));
  const profile = mkdtempSync(join(tmpdir(), "edgeseg-pdf-"));
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | null = null;
  // Whatever step hangs, the browser is closed when the time is up (every pending call then rejects).
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void context?.close().catch(() => {});
  }, timeoutMs);
  try {
    context = await chromium
      .launchPersistentContext(profile, {
        executablePath: chromiumPath,
        headless: true,
        args: CHROMIUM_FLAGS,
        viewport: A4_VIEWPORT,
        locale: "en-GB",
        timezoneId: "UTC",
        timeout: left(),
      })
      .catch((error: unknown) => {
        throw new PdfUnavailableError(`Chromium at ${chromiumPath} did not start: ${firstLine(error)}`);
      });
    if (request.cookies?.length) {
      await context.addCookies(request.cookies.map((c) => ({ ...c, url: new URL(request.url).origin })));
    }
    if (request.headers) await context.setExtraHTTPHeaders(request.headers);
    const page = context.pages()[0] ?? (await context.newPage());
    const response = await page.goto(request.url, { waitUntil: "load", timeout: left() });
    if (!response?.ok()) {
      throw new Error(`the report page ${request.url} answered HTTP ${response?.status() ?? "nothing"}`);
    }
    if ((await page.locator(request.readySelector).count()) === 0) {
      throw new Error(`the report page ${request.url} did not render (landed on ${page.url()})`);
    }
    // chart.js draws in an effect after hydration; every canvas marks itself data-drawn (use-chart.ts).
    await page.waitForFunction(
      '[...document.querySelectorAll("canvas")].every((c) => c.dataset.drawn === "true")',
      undefined,
      { timeout: left() },
    );
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      margin: { top: "12mm", right: "12mm", bottom: "16mm", left: "12mm" },
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: `<div style="font-size:8px;width:100%;padding:0 12mm;display:flex;justify-content:space-between;font-family:sans-serif"><span>${escapeHtml(request.footer)}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
    });
    return new Uint8Array(pdf);
  } catch (error) {
    if (timedOut) {
      throw new PdfUnavailableError(
        `the PDF took longer than ${Math.round(timeoutMs / 1000)} s and was stopped: try again, or print the HTML report from the browser`,
        30,
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
    await context?.close().catch(() => {});
    removeProfile(profile);
  }
}

/** How long after Chromium exits its helper processes may still write into the profile. */
export const PROFILE_LATE_WRITES_MS = 3_000;

/**
 * Removes the temporary profile, never throwing (the PDF is made by then): once now, and once more
 * later, because Chromium's helper processes can still write their cache index and preferences into
 * it a moment after the browser has closed, re-creating the directory.
 */
function removeProfile(dir: string): void {
  const remove = () => {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
    } catch {
      // left for the later pass
    }
  };
  remove();
  setTimeout(remove, PROFILE_LATE_WRITES_MS).unref();
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

/** Pages in a PDF: its page objects (`/Type /Page`, not the `/Pages` tree nodes). */
export function countPdfPages(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString("latin1")
      .match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0
  );
}
