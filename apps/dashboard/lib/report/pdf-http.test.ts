import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPdfRenderer } from "./pdf.ts";
import { forwardedFrom, pdfFileName, renderReportPdf } from "./pdf-http.ts";

const CHROMIUM = process.env.EDGESEG_CHROMIUM ?? "/usr/bin/chromium";
let server: Server;
let selfUrl: string;
let seen: IncomingHttpHeaders | null = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/slow") return; // never answers
    seen = req.headers;
    res.writeHead(200, { "content-type": "text/html" }).end('<div data-testid="report">Report</div>');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  selfUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const viewer = new Request("http://127.0.0.1:3000/leaderboard/report.pdf?suite=x&class=y", {
  headers: { host: "dashboard.clinic.example", "x-forwarded-proto": "https" },
});
const input = (
  chromiumPath: string,
  path = "/report",
  opts: { timeoutMs?: number; maxWaiting?: number } = {},
) => ({
  renderer: createPdfRenderer({ chromiumPath, ...opts }),
  selfUrl,
  session: { name: "edgeseg_session", value: "token-1" },
  request: viewer,
  path,
  filename: "edgeseg-report_pi_2026-12-03.pdf",
  footer: "edgeseg fleet report",
});

describe("renderReportPdf", () => {
  it("answers 503 with the reason and what to do when Chromium is not installed", async () => {
    const { response, unavailable } = await renderReportPdf(input("/nonexistent/chromium"));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBeNull();
    const body = await response.json();
    expect(body.error.code).toBe("RUNTIME");
    expect(body.error.message).toMatch(
      /^Chromium is not installed at \/nonexistent\/chromium.*apt-get install chromium/,
    );
    expect(unavailable).toBe(body.error.message);
  });

  it("serves the PDF inline, printed with the viewer's cookie and public host", async () => {
    const { response, bytes } = await renderReportPdf(input(CHROMIUM));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(
      'inline; filename="edgeseg-report_pi_2026-12-03.pdf"',
    );
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.length).toBe(bytes);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(seen?.cookie).toBe("edgeseg_session=token-1");
    expect(seen?.["x-forwarded-host"]).toBe("dashboard.clinic.example");
    expect(seen?.["x-forwarded-proto"]).toBe("https");
  }, 60_000);

  it("answers 503 with Retry-After while another PDF is being made", async () => {
    const slow = input(CHROMIUM, "/slow", { timeoutMs: 6_000, maxWaiting: 0 });
    const first = renderReportPdf(slow);
    const busy = await renderReportPdf(slow);
    expect(busy.response.status).toBe(503);
    expect(busy.response.headers.get("retry-after")).toBe("30");
    expect(busy.unavailable).toMatch(/one at a time/);
    const stopped = await first;
    expect(stopped.response.status).toBe(503);
    expect(stopped.unavailable).toMatch(/took longer than 6 s/);
  }, 60_000);
});

describe("helpers", () => {
  it("passes on the viewer's host and scheme, a proxy's first", () => {
    expect(forwardedFrom(viewer)).toEqual({
      "x-forwarded-host": "dashboard.clinic.example",
      "x-forwarded-proto": "https",
    });
    const proxied = new Request("http://127.0.0.1:3000/x", {
      headers: { host: "127.0.0.1:3000", "x-forwarded-host": "edge.example:8443" },
    });
    expect(forwardedFrom(proxied)).toEqual({
      "x-forwarded-host": "edge.example:8443",
      "x-forwarded-proto": "http",
    });
  });

  it("makes file names of letters, digits, dots and dashes", () => {
    expect(pdfFileName("edgeseg-report", "campaign", 'Pi "fleet" / 2', "2026-12-03")).toBe(
      "edgeseg-report_campaign_Pi-fleet-2_2026-12-03.pdf",
    );
  });
});
