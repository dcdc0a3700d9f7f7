import { exampleResultDocument, type ResultDocument } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { budgetNotes, capAdvice, promptableTable, summaryTable } from "./table.ts";

const doc = () => structuredClone(exampleResultDocument) as ResultDocument;

describe("bench tables", () => {
  it("labels a skeleton's row as synthetic weights", () => {
    const d = doc();
    d.model.weights = "synthetic";
    d.accuracy = null;
    expect(summaryTable([d])).toContain("(synthetic weights: timing and memory only)");
    expect(summaryTable([doc()])).not.toContain("synthetic");
  });

  it("says when the time cap made SingleStream INVALID by construction, with settings that fit", () => {
    const d = doc();
    d.scenario.singleStream = { minDurationMs: 10_000, minQueries: 200, maxDurationMs: 60_000 };
    d.timing!.singleStream = {
      ...d.timing!.singleStream,
      count: 66,
      p50: 900,
      verdict: "INVALID",
      reasons: ["only 66 queries completed before the 60000 ms time cap; the minimum is 200"],
    };
    // 200 × 0.9 s = 180 s, with a fifth to spare: 216 s; 60 s hold 66 queries (under the tail rule's 100).
    expect(capAdvice(d)).toBe(
      `${d.model.id}: at a p50 of 900 ms, 200 queries need about 216 s but the time cap is 60 s, so this run is INVALID by construction (the result is kept; the exit code is 10): pass --max-duration 216`,
    );
    expect(capAdvice(doc())).toBeNull();
  });

  it("holds each run to its device class's memory and per-case budgets, a line per budget, as scoring judges them", () => {
    const d = doc();
    d.resources!.peakRssMb = 1100;
    d.resources!.throttling = { ...d.resources!.throttling, observed: null };
    d.timing!.perCase = { ...d.timing!.perCase, meanMs: 12_345 };
    const cls = { id: d.device.deviceClass.id, budgets: { memoryMb: 1024, caseTimeSeconds: 300 } };
    const where = `${d.model.id} on ${d.device.deviceClass.name}`;
    expect(budgetNotes([d], [cls])).toEqual([
      `${where}: memory FAIL — 1100 MB of 1024 MB; throttling not measured (budget 1024 MB)`,
      `${where}: time per case PASS — 12.3 s of 300 s per case`,
    ]);
    d.timing!.perCase.meanMs = 301_000;
    expect(budgetNotes([d], [cls])[1]).toBe(`${where}: time per case FAIL — 301 s of 300 s per case`);
    expect(budgetNotes([d], [])).toEqual([]);
  });

  it("shows a promptable run's encoder and decoder split, and nothing for other pipelines", () => {
    const d = doc();
    expect(promptableTable([d])).toBeNull();
    d.timing!.promptable = {
      slicesEncoded: 40,
      boxesDecoded: 95,
      encoderMs: 52_000,
      decoderMs: 1_900,
      encoderMsPerSlice: 1300,
      decoderMsPerBox: 20,
    };
    const table = promptableTable([d])!;
    expect(table).toMatch(/encoder ms\/slice/);
    expect(table).toMatch(/│ 40\s+│ 1300\.0\s+│ 95\s+│ 20\.00/);
  });
});
