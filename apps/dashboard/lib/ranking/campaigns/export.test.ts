import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { CampaignResult } from "@edgeseg/db";
import { describe, expect, it } from "vitest";
import { toCsv } from "./csv.ts";
import { CSV_COLUMNS, csvRows } from "./export-columns.ts";
import { attachment, parseExportName } from "./export-file.ts";

const base: CampaignResult = {
  resultId: "r1",
  jobId: "j1",
  campaignId: "c1",
  deviceId: "pi",
  deviceClassId: "raspberry-pi-4",
  modelId: "unet",
  modelVersion: "1.0.0",
  suiteSha256: "a".repeat(64),
  datasetSha256: "d".repeat(64),
  status: "succeeded",
  verdict: "VALID",
  reasons: [],
  backend: "node",
  weights: "own",
  meanDice: 0.85,
  meanNsd: 0.8,
  minOrganDice: 0.8,
  minOrganNsd: 0.75,
  perCaseMeanMs: 1200,
  p50Ms: 25,
  p90Ms: 30,
  p99Ms: 41,
  peakRssMb: 412,
  throttled: false,
  createdAt: new Date("2026-11-20T10:00:00Z"),
  receivedAt: new Date("2026-11-20T10:00:05Z"),
  organs: [
    { organ: "liver", labelValue: 1, n: 2, meanDice: 0.9, meanNsd: 0.85, meanHd95: 3.5 },
    { organ: "spleen", labelValue: 2, n: 2, meanDice: 0.8, meanNsd: 0.75, meanHd95: null },
  ],
};
const failed: CampaignResult = {
  ...base,
  resultId: "r2",
  status: "failed",
  verdict: "INVALID",
  reasons: ["out-of-memory: killed", 'said "no", twice'],
  meanDice: null,
  organs: [],
};

describe("campaign CSV", () => {
  it("writes one row per result × organ, and one row for a result without organs", () => {
    const rows = csvRows([base, failed]);
    expect(rows).toHaveLength(3);
    const col = (name: string) => CSV_COLUMNS.findIndex((c) => c.name === name);
    expect(rows.map((r) => [r[col("result_id")], r[col("organ")], r[col("organ_mean_dice")]])).toEqual([
      ["r1", "liver", 0.9],
      ["r1", "spleen", 0.8],
      ["r2", undefined, undefined],
    ]);
  });

  it("escapes the reasons cell and leaves missing numbers empty", () => {
    const csv = toCsv(
      CSV_COLUMNS.map((c) => c.name),
      csvRows([failed]),
    );
    const [header, line] = csv.split("\r\n");
    expect(header?.split(",")).toHaveLength(CSV_COLUMNS.length);
    expect(line).toContain(',"out-of-memory: killed; said ""no"", twice",node,own,,0.8,');
  });

  it("labels a skeleton's run: synthetic weights, timing and memory only", () => {
    const skeleton: CampaignResult = {
      ...base,
      resultId: "r3",
      weights: "synthetic",
      meanDice: null,
      organs: [],
    };
    const col = (name: string) => CSV_COLUMNS.findIndex((c) => c.name === name);
    const [row] = csvRows([skeleton]);
    expect([row?.[col("weights")], row?.[col("per_case_mean_ms")], row?.[col("mean_dice")]]).toEqual([
      "synthetic",
      1200,
      null,
    ]);
    expect(CSV_COLUMNS[col("weights")]?.doc).toContain("synthetic weights: timing and memory only");
  });
});

describe("export file names", () => {
  it("reads the campaign id and format from the URL segment", () => {
    expect(parseExportName("cmabc123.csv")).toEqual({ campaignId: "cmabc123", format: "csv" });
    expect(parseExportName("a.b.json")).toEqual({ campaignId: "a.b", format: "json" });
    expect(() => parseExportName("cmabc123.xlsx")).toThrow(/\.csv or <campaign id>\.json/);
  });

  it("gives the download a safe file name", () => {
    expect(attachment('x"; y/../z', "csv")).toBe('attachment; filename="campaign-x___y_.._z.csv"');
  });
});

describe("README", () => {
  it("documents every CSV column in order, with the same words", () => {
    const readme = readFileSync(resolve(import.meta.dirname, "../../../README.md"), "utf8");
    const documented = [...readme.matchAll(/^\| `([a-z0-9_]+)` +\| (.+?) +\|$/gm)].map((m) => [m[1], m[2]]);
    expect(documented).toEqual(CSV_COLUMNS.map((c) => [c.name, c.doc]));
  });
});
