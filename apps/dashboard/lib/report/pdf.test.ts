import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countPdfPages, createPdfRenderer, PdfUnavailableError, PROFILE_LATE_WRITES_MS } from "./pdf.ts";
import { loadPdfSettings } from "./pdf-settings.ts";

const CHROMIUM = process.env.EDGESEG_CHROMIUM ?? "/usr/bin/chromium";
const profiles = () => readdirSync(tmpdir()).filter((name) => name.startsWith("edgeseg-pdf-"));

// Two A4 pages (a forced break), a canvas drawn 200 ms after load as chart.js draws after hydration;
// the page answers only with the session cookie, as the dashboard does.
const PAGE = `<!doctype html><html><head><style>@page{size:A4}.s+.s{break-before:page}</style></head><body>
<div data-testid="report"><section class="s"><h1>Summary</h1></section>
<section class="s"><canvas id="c" width="300" height="150"></canvas></section></div>
<script>setTimeout(() => { const c = document.getElementById("c"); c.getContext("2d").fillRect(0, 0, 300, 150);
c.dataset.drawn = "true"; document.title = "drawn"; }, 200);</script></body></html>`;

let server: Server;
let base: string;
let active = 0;
let maxActive = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/login") {
      res.writeHead(200, { "content-type": "text/html" }).end("<p>log in</p>");
      return;
    }
    if (!req.headers.cookie?.includes("edgeseg_session=secret-token")) {
      res.writeHead(302, { location: "/login" }).end();
      return;
    }
    active += 1;
    maxActive = Math.max(maxActive, active);
    res.once("close", () => {
      active -= 1;
    });
    if (req.url === "/slow") return; // never answers
    res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const request = (path: string, cookie = "secret-token") => ({
  url: `${base}${path}`,
  cookies: [{ name: "edgeseg_session", value: cookie }],
  readySelector: '[data-testid="report"]',
  footer: "test report",
});

describe("createPdfRenderer with Chromium", () => {
  it("prints the page with the cookie once its canvas is drawn, as an A4 PDF of two pages", async () => {
    const before = new Set(profiles());
    const pdf = await createPdfRenderer({ chromiumPath: CHROMIUM }).render(request("/report"));
    const text = Buffer.from(pdf).toString("latin1");
    expect(text.startsWith("%PDF-")).toBe(true);
    expect(countPdfPages(pdf)).toBe(2);
    // A4 (210 × 297 mm) is 595 × 842 pt; Chromium rounds to whole CSS pixels (794 × 1123 px).
    expect(text).toMatch(/\/MediaBox \[0 0 59[56]\.\d+ 84[12]\.\d+\]/);
    if (existsSync("/usr/bin/pdfinfo")) {
      const info = execFileSync("/usr/bin/pdfinfo", ["-"], { input: Buffer.from(pdf) }).toString();
      expect(info).toMatch(/Pages:\s+2\n/);
    }
    // The fresh profile is gone, late writes of Chromium's helper processes included.
    await new Promise((resolve) => setTimeout(resolve, PROFILE_LATE_WRITES_MS + 500));
    expect(profiles().filter((p) => !before.has(p))).toEqual([]);
  }, 60_000);

  it("refuses a page that did not render the report (signed out)", async () => {
    await expect(
      createPdfRenderer({ chromiumPath: CHROMIUM }).render(request("/report", "wrong")),
    ).rejects.toThrow(/did not render \(landed on .*\/login\)/);
  }, 60_000);

  it("makes one PDF at a time and stops one that takes too long", async () => {
    maxActive = 0;
    const renderer = createPdfRenderer({ chromiumPath: CHROMIUM, timeoutMs: 8_000, maxWaiting: 1 });
    const slow = renderer.render(request("/slow"));
    const queued = renderer.render(request("/report"));
    // One rendering, one waiting: a third is refused as busy, with a time to retry.
    const busy = await renderer.render(request("/report")).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(PdfUnavailableError);
    expect((busy as PdfUnavailableError).retryAfterS).toBe(30);
    const stopped = await slow.catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(PdfUnavailableError);
    expect((stopped as Error).message).toMatch(/took longer than 8 s and was stopped/);
    expect(countPdfPages(await queued)).toBe(2);
    expect(maxActive).toBe(1);
    expect(renderer.pending).toBe(0);
  }, 60_000);
});

describe("the PDF export without Chromium", () => {
  it("says Chromium is missing and how to install it", async () => {
    const error = await createPdfRenderer({ chromiumPath: "/nonexistent/chromium" })
      .render(request("/report"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfUnavailableError);
    expect((error as Error).message).toMatch(
      /^Chromium is not installed at \/nonexistent\/chromium.*apt-get install chromium/,
    );
  });

  it("reads its settings, naming a bad variable", () => {
    expect(loadPdfSettings({ PORT: "4123" })).toEqual({
      chromiumPath: "/usr/bin/chromium",
      selfUrl: "http://127.0.0.1:4123",
      timeoutMs: 60_000,
    });
    expect(
      loadPdfSettings({
        EDGESEG_CHROMIUM: "/opt/chromium/chrome",
        EDGESEG_DASHBOARD_URL: "https://dash.internal:8443/",
        EDGESEG_PDF_TIMEOUT_S: "20",
      }),
    ).toEqual({
      chromiumPath: "/opt/chromium/chrome",
      selfUrl: "https://dash.internal:8443",
      timeoutMs: 20_000,
    });
    expect(() => loadPdfSettings({ EDGESEG_DASHBOARD_URL: "ftp://x" })).toThrow(
      /^EDGESEG_DASHBOARD_URL="ftp:\/\/x" is invalid/,
    );
    expect(() => loadPdfSettings({ EDGESEG_CHROMIUM: "chromium" })).toThrow(
      /^EDGESEG_CHROMIUM="chromium" is invalid/,
    );
  });

  it("counts page objects, not the page tree", () => {
    const pdf = new TextEncoder().encode(
      "<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type/Page /Parent 1 0 R >>",
    );
    expect(countPdfPages(pdf)).toBe(2);
  });
});
