import { exampleResultDocument, type ResultDocument } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { budgetNotes, capAdvice, summaryTable } from "./table.ts";

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
      `${d.model.id}: at a p50 of 900 ms, 200 queries need about 216 s but the time cap is 60 s, so this run is INVALID by construction (the command still exits 0 and the result is kept): pass --max-duration 216`,
    );
    expect(capAdvice(doc())).toBeNull();
  });

  it("holds each run to its device class's memory and per-case budgets", () => {
    const d = doc();
    d.resources!.peakRssMb = 1100;
    const cls = { id: d.device.deviceClass.id, budgets: { memoryMb: 1024, caseTimeSeconds: 300 } };
    const perCase = (d.timing!.perCase.meanMs / 1000).toFixed(1);
    expect(budgetNotes([d], [cls])).toEqual([
      `${d.model.id} on ${d.device.deviceClass.name}: peak 1100 MB OVER the 1024 MB memory budget; ${perCase} s per case within the 300 s budget`,
    ]);
    expect(budgetNotes([d], [])).toEqual([]);
  });
});
