import { classFigure, deviceFigure, type FleetRun } from "@edgeseg/scoring";
import { run as fleetRun } from "@edgeseg/scoring/testing/fleet";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LeaderboardTable } from "../../app/(app)/leaderboard/leaderboard-table.tsx";
import { MeasuredConstraintsTable } from "../../app/(app)/models/[id]/measured-constraints-table.tsx";
import { buildLeaderboard } from "./leaderboard-view.ts";
import { measuredConstraints } from "./measured-constraints.ts";
import { type ClassRow, classPolicy, policyUpdate } from "./policy.ts";

const SUITE = "5".repeat(64);
/** A dispatched VALID run with an egress audit; `patch` adds what a test is about. */
function run(patch: Partial<FleetRun> = {}): FleetRun {
  return fleetRun({
    minOrganDice: 0.9,
    minOrganNsd: 0.85,
    perCaseMeanMs: 2_000,
    p50Ms: 20,
    p90Ms: 25,
    p99Ms: 30,
    egressBytes: 18_460,
    egressMessages: 14,
    egressLargestBytes: 8_192,
    p50Cov: null,
    createdAt: new Date("2026-11-20T10:00:00Z"),
    ...patch,
  });
}

const tuned = (stepMs: number, plateauMs: number, peak: number, before: number, after: number) =>
  run({
    fineTuningStatus: "succeeded",
    fineTuningStepMs: stepMs,
    fineTuningPlateauMs: plateauMs,
    fineTuningPeakRssMb: peak,
    fineTuningDiceBefore: before,
    fineTuningDiceAfter: after,
  });

// A Raspberry Pi 4 class (1536 MB, 300 s per case, default policy: fine-tuning within 480 min).
const pi = {
  id: "raspberry-pi-4",
  name: "Raspberry Pi 4",
  memoryBudgetMb: 1536,
  caseTimeBudgetS: 300,
  diceThreshold: 0.7,
  nsdThreshold: 0.6,
  profile: null,
  scoring: null,
};
// Two Pis fine-tuned: medians step (12 + 16) / 2 = 14 ms, plateau (20 + 40) / 2 = 30 min,
// peak (300 + 500) / 2 = 400 MB, DSC 0.41 → (0.8 + 0.86) / 2 = 0.83; a third ran out of memory.
const piFleet = classFigure([
  deviceFigure("pi-a", [tuned(12, 1_200_000, 300, 0.41, 0.8)])!,
  deviceFigure("pi-b", [tuned(16, 2_400_000, 500, 0.41, 0.86)])!,
  deviceFigure("pi-c", [run()])!,
])!;

const card = {
  id: "unet-small",
  version: "1.0.0",
  family: "target-specific",
  fineTuningSupported: false,
  manifest: { fineTuning: { supported: false, notes: "no training graph shipped" } },
  fleet: [
    { suiteSha256: SUITE, deviceClassId: "raspberry-pi-4", figure: piFleet },
    { suiteSha256: SUITE, deviceClassId: "unknown-class", figure: piFleet },
  ],
};

describe("measuredConstraints (model card)", () => {
  const rows = measuredConstraints(card, [pi]);

  it("judges fine-tuning by the measurements, not the manifest's claim, with the class's budgets", () => {
    expect(rows.map((r) => r.classId)).toEqual(["raspberry-pi-4"]); // a class without budgets is left out
    const r = rows[0]!;
    expect(r.fineTuning.status).toBe("pass");
    expect(r.fineTuning.value).toBe(
      "step 14 ms; plateau 30 min of 8 h; peak 400 MB of 1536 MB; DSC 0.41 → 0.83 (+0.42)",
    );
    expect(r.fineTuning.detail).toContain(
      "The manifest claims it cannot be fine-tuned on the device (“no training graph shipped”) — a claim, not a measurement.",
    );
    expect(r.fineTuningFigures).toMatchObject({ devices: 2, runs: 2, failedRuns: 0 });
  });

  it("judges data locality by the egress audits", () => {
    const r = rows[0]!;
    expect([r.dataLocality.status, r.dataLocality.value]).toEqual(["pass", "verified: 18.5 KB numbers only"]);
    expect(r.egress).toEqual({
      auditedRuns: 3,
      runs: 3,
      maxBytes: 18_460,
      maxMessages: 14,
      largestMessageBytes: 8_192,
    });
  });

  it("fails over the class's own fine-tuning budget", () => {
    const tight = {
      ...pi,
      scoring: policyUpdate({ ...classPolicy(pi), fineTuningBudgetMinutes: 25 })
        .scoring as ClassRow["scoring"],
    };
    const [r] = measuredConstraints(card, [tight]);
    expect(r?.fineTuning.status).toBe("fail");
    expect(r?.fineTuning.detail).toContain(
      "Over the 25 min budget: only 1 of 2 devices reach the plateau within it.",
    );
  });
});

describe("server-rendered pages show the measured numbers", () => {
  it("model card: fine-tuning step, plateau against the budget, peak against the budget, DSC before → after; KB, messages, largest", () => {
    const html = renderToStaticMarkup(
      createElement(MeasuredConstraintsTable, { rows: measuredConstraints(card, [pi]) }),
    );
    for (const text of [
      "step 14 ms; plateau 30 min of 8 h; peak 400 MB of 1536 MB; DSC 0.41 → 0.83 (+0.42)",
      "measured on 2 devices, 2 runs",
      "verified: 18.5 KB numbers only",
      "18.5 KB sent · 14 messages · largest 8.2 KB",
      "audited 3 of 3 runs",
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toContain('data-constraint="fineTuning" data-status="pass"');
  });

  it("leaderboard: the same numbers in the constraint columns", () => {
    const view = buildLeaderboard(
      {
        entries: [
          {
            modelId: "unet-small",
            modelVersion: "1.0.0",
            figure: piFleet,
            consistency: [],
            organs: [{ organ: "liver", labelValue: 1, n: 2, meanDice: 0.9, meanNsd: 0.85, meanHd95: 3 }],
            catalogue: null,
            runs: { rankable: 3, invalid: 0, notDispatched: 0 },
          },
        ],
        unranked: [],
      },
      classPolicy(pi),
    );
    const html = renderToStaticMarkup(createElement(LeaderboardTable, { rows: view.rows, caption: "Pi 4" }));
    expect(html).toContain(
      "step 14 ms; plateau 30 min of 8 h; peak 400 MB of 1536 MB; DSC 0.41 → 0.83 (+0.42)",
    );
    expect(html).toContain("18.5 KB sent · 14 messages · largest 8.2 KB");
    expect(html).toContain("verified: 18.5 KB numbers only");
    // The printed formula says how both measured constraints reach the score.
    expect(view.formula).toContain("fine-tuning = 1 if fine-tuning measured on the class's devices passes");
    expect(view.formula).toContain("data locality [egress audit present, ≤ 256 KB per job]");
  });
});
