import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client.ts";
import { type DocSpec, resultDocument, SUITE_SHA } from "../testing/result-document.ts";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { leaderboardDetails } from "./leaderboard-details.ts";
import { modelsInSlice } from "./model-runs.ts";
import { upsertResult } from "./upsert-result.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
const ids: Record<string, string> = {};
const slice = { suiteSha256: SUITE_SHA, deviceClassId: "raspberry-pi-4" };

async function put(label: string, spec: DocSpec, deviceClassId = "raspberry-pi-4") {
  const doc = resultDocument(spec);
  ids[label] = doc.resultId;
  await upsertResult(db, doc, {
    deviceId: deviceClassId === "raspberry-pi-4" ? "pi" : "jetson",
    deviceClassId,
  });
}

beforeAll(async () => {
  db = await tempDb();
  await seedDevice(db, "pi", "raspberry-pi-4");
  await seedDevice(db, "jetson", "jetson-nano");
  // unet: registered, fine-tunable; two VALID runs and one INVALID.
  await db.prisma.model.create({
    data: {
      id: "unet",
      version: "1.0.0",
      family: "target-specific",
      pipeline: "semantic-2d",
      manifest: {
        fineTuning: { supported: true, notes: "last layer, 5 min on a Pi 5" },
        intendedUse: "research",
      },
      manifestSha256: "c".repeat(64),
      trained: true,
      license: "Apache-2.0",
      fineTuningSupported: true,
    },
  });
  await put("unet-best", { modelId: "unet", organDice: { liver: 0.93, pancreas: 0.71 } });
  await put("unet-other", { modelId: "unet", organDice: { liver: 0.8, pancreas: 0.6 } });
  await put("unet-invalid", { modelId: "unet", verdict: "INVALID" });
  // sam: not in the catalogue.
  await put("sam", { modelId: "sam", organDice: { liver: 0.85 } });
  // tiny: INVALID only (twice), the later one must be reported.
  await put("tiny-old", { modelId: "tiny", verdict: "INVALID", createdAt: "2026-11-19T10:00:00.000Z" });
  await put("tiny-new", { modelId: "tiny", verdict: "INVALID", createdAt: "2026-11-21T10:00:00.000Z" });
  // notime: VALID but the run timed no case (no per-case time), so it cannot be ranked.
  await put("notime", { modelId: "notime" });
  await db.prisma.result.update({ where: { id: ids.notime }, data: { perCaseMeanMs: null } });
  // Another version of sam and another class: other rows or other slices.
  await put("sam2", { modelId: "sam", modelVersion: "2.0.0", organDice: { liver: 0.8 } });
  await put("jetson", { modelId: "zzz" }, "jetson-nano");
});
afterAll(() => db.dispose());

describe("leaderboardDetails", () => {
  it("joins each ranked model's organs, catalogue facts and run counts", async () => {
    const { entries } = await leaderboardDetails(db, slice);
    expect(entries.map((e) => [e.modelId, e.modelVersion, e.resultId])).toEqual([
      ["sam", "1.0.0", ids.sam],
      ["unet", "1.0.0", ids["unet-best"]],
      ["sam", "2.0.0", ids.sam2],
    ]);
    const unet = entries.find((e) => e.modelId === "unet")!;
    expect(unet.organs.map((o) => [o.organ, o.meanDice, o.labelValue])).toEqual([
      ["liver", 0.93, 1],
      ["pancreas", 0.71, 2],
    ]);
    expect(unet.catalogue).toEqual({
      family: "target-specific",
      pipeline: "semantic-2d",
      trained: true,
      license: "Apache-2.0",
      fineTuning: { supported: true, notes: "last layer, 5 min on a Pi 5" },
      intendedUse: "research",
    });
    expect(unet.runs).toEqual({ rankable: 2, invalid: 1 });
    expect(entries.find((e) => e.modelId === "sam")?.catalogue).toBeNull();
  });

  it("lists models without a rankable run, with their latest run's reasons", async () => {
    const { unranked } = await leaderboardDetails(db, slice);
    expect(unranked).toEqual([
      {
        modelId: "notime",
        modelVersion: "1.0.0",
        runs: { invalid: 0, incomplete: 1 },
        latest: expect.objectContaining({ resultId: ids.notime, verdict: "VALID", reasons: [] }),
      },
      {
        modelId: "tiny",
        modelVersion: "1.0.0",
        runs: { invalid: 2, incomplete: 0 },
        latest: {
          resultId: ids["tiny-new"],
          status: "succeeded",
          verdict: "INVALID",
          createdAt: new Date("2026-11-21T10:00:00.000Z"),
          reasons: ["too few queries"],
        },
      },
    ]);
  });

  it("is empty for a slice without results", async () => {
    expect(await leaderboardDetails(db, { ...slice, deviceClassId: "raspberry-pi-3" })).toEqual({
      entries: [],
      unranked: [],
    });
  });
});

describe("modelsInSlice", () => {
  it("returns each model version with a run of that verdict once, in code-unit order", async () => {
    expect(await modelsInSlice(db, slice, "VALID")).toEqual([
      { modelId: "notime", modelVersion: "1.0.0" },
      { modelId: "sam", modelVersion: "1.0.0" },
      { modelId: "sam", modelVersion: "2.0.0" },
      { modelId: "unet", modelVersion: "1.0.0" },
    ]);
    expect(await modelsInSlice(db, slice, "INVALID")).toEqual([
      { modelId: "tiny", modelVersion: "1.0.0" },
      { modelId: "unet", modelVersion: "1.0.0" },
    ]);
  });

  it("seeks the leaderboard index instead of scanning the table", async () => {
    const plan = await db.prisma.$queryRaw<{ detail: string }[]>(
      Prisma.sql`EXPLAIN QUERY PLAN SELECT MIN("modelVersion") FROM "Result" WHERE "suiteSha256" = ${SUITE_SHA} AND "deviceClassId" = 'x' AND "verdict" = 'VALID' AND "modelId" = 'unet' AND "modelVersion" > '1'`,
    );
    expect(plan.map((p) => p.detail).join("\n")).toMatch(/COVERING INDEX Result_leaderboard_idx/);
  });
});
