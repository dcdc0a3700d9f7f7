import { describe, expect, it } from "vitest";
import { createProgress, PLAIN_EVERY_MS, PLAIN_QUIET_MS } from "./progress.ts";

describe("progress without a TTY", () => {
  it("stays silent for a short run, then writes a plain line per phase and at most one per interval", () => {
    const lines: string[] = [];
    let now = 1_000;
    const p = createProgress(
      "medsam",
      (l) => lines.push(l),
      false,
      () => now,
    );
    p.update({ type: "progress", phase: "load", done: 0, total: 1 });
    now += PLAIN_QUIET_MS - 1;
    p.update({ type: "progress", phase: "accuracy", done: 10, total: 100, message: "case 1/2 (case_01)" });
    expect(lines).toEqual([]);
    now += 1;
    p.update({ type: "progress", phase: "accuracy", done: 11, total: 100, message: "case 1/2 (case_01)" });
    now += 1_000;
    p.update({ type: "progress", phase: "accuracy", done: 12, total: 100, message: "case 1/2 (case_01)" });
    now += PLAIN_EVERY_MS;
    p.update({ type: "progress", phase: "accuracy", done: 60, total: 100, message: "case 2/2 (case_02)" });
    now += 10;
    p.update({ type: "progress", phase: "single-stream", done: 0, total: 1 });
    now += 2_000;
    p.update({ type: "progress", phase: "single-stream", done: 35, total: 605, message: "35 queries" });
    now += PLAIN_EVERY_MS;
    p.update({ type: "progress", phase: "single-stream", done: 90, total: 605, message: "90 queries" });
    expect(lines).toEqual([
      "medsam: segmenting cases: case 1/2 (case_01), 11 % of all cases (5 s)\n",
      "medsam: segmenting cases: case 2/2 (case_02), 60 % of all cases (16 s)\n",
      "medsam: timing SingleStream: 0/1 (16 s)\n",
      "medsam: timing SingleStream: 90 queries (28 s)\n",
    ]);
  });

  it("prints a warning at once, even inside the quiet period", () => {
    const lines: string[] = [];
    const p = createProgress(
      "litemedsam",
      (l) => lines.push(l),
      false,
      () => 0,
    );
    p.update({
      type: "progress",
      phase: "single-stream",
      done: 4,
      total: 605,
      warning: "this run will be INVALID",
    });
    expect(lines).toEqual(["litemedsam: ! this run will be INVALID\n"]);
  });
});
