import { randomUUID } from "node:crypto";
import { tempDb } from "@edgeseg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDevice } from "../testing/seed.ts";
import { SUITE, seedResult } from "../testing/seed-results.ts";
import { loadDeployability } from "./load.ts";

let db: Awaited<ReturnType<typeof tempDb>>;

/** A skeleton's Result row as the hub stores it: no DSC, the document says weights "synthetic". */
async function skeletonRun(deviceId: string, perCaseMeanMs: number, peakRssMb: number, memoryArena = true) {
  await db.prisma.result.create({
    data: {
      id: randomUUID(),
      deviceId,
      deviceClassId: "raspberry-pi-4",
      modelId: "medsam",
      modelVersion: "1.0.0",
      suiteSha256: SUITE,
      datasetSha256: "d".repeat(64),
      status: "succeeded",
      verdict: "VALID",
      backend: "node",
      origin: "job",
      rankable: true,
      perCaseMeanMs,
      p50Ms: perCaseMeanMs / 40,
      peakRssMb,
      createdAt: new Date(),
      document: JSON.stringify({
        model: { id: "medsam", version: "1.0.0", pipeline: "promptable-2d", weights: "synthetic" },
        runtime: { intraOpThreads: 4, memoryArena, memoryPattern: memoryArena },
        timing: { sessionCreateMs: 1800 },
        failure: null,
        accuracy: null,
      }),
    },
  });
}

beforeAll(async () => {
  db = await tempDb();
  await seedDevice(db.prisma, "pi-1", { deviceClassId: "raspberry-pi-4" }); // 1536 MB, 300 s per case
  await seedDevice(db.prisma, "pi-2", { deviceClassId: "raspberry-pi-4" });
  await skeletonRun("pi-1", 90_000, 1400);
  await skeletonRun("pi-2", 110_000, 1700);
  await skeletonRun("pi-1", 95_000, 1100, false);
  // The same model with trained weights, ranked on the leaderboard of the same suite and class.
  for (const deviceId of ["pi-1", "pi-2"])
    await seedResult(db.prisma, {
      deviceId,
      deviceClassId: "raspberry-pi-4",
      modelId: "medsam",
      perCaseMeanMs: 100_000,
      peakRssMb: 1500,
    });
});
afterAll(() => db.dispose());

describe("loadDeployability", () => {
  it("rows per runtime setting with the class budgets, linked to the trained weights' fleet figure", async () => {
    const [pi, ...rest] = await loadDeployability(db);
    expect(rest).toEqual([]);
    expect(pi!.budgets).toMatchObject({ id: "raspberry-pi-4", memoryBudgetMb: 1536, caseTimeBudgetS: 300 });
    const on = pi!.rows.find((r) => r.settings.memoryArena)!;
    const off = pi!.rows.find((r) => !r.settings.memoryArena)!;
    expect(on).toMatchObject({ devices: 2, verdict: "over-memory", pipeline: "promptable-2d" });
    expect(on.memory).toMatchObject({ median: 1550, within: 1, known: 2 });
    expect(on.perCase.median).toBe(100_000);
    expect(on.load.median).toBe(1800);
    expect(on.trained).toMatchObject({ devices: 2, perCaseMs: 100_000, peakRssMb: 1500, timingRatio: 1 });
    expect(off).toMatchObject({ devices: 1, verdict: "fits" });
    expect(await loadDeployability(db, "jetson-nano")).toEqual([]);
  });
});
