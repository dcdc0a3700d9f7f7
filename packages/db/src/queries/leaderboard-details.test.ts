import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client.ts";
import { storeDispatched } from "../testing/dispatch.ts";
import { type DocSpec, resultDocument, SUITE_SHA } from "../testing/result-document.ts";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { rebuildDeviceModelStats } from "./device-model-stats.ts";
import { leaderboardDetails } from "./leaderboard-details.ts";
import { modelsInSlice } from "./model-runs.ts";
import { upsertResult } from "./upsert-result.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
const ids: Record<string, string> = {};
const slice = { suiteSha256: SUITE_SHA, deviceClassId: "raspberry-pi-4" };

/** A run the hub dispatched (rankable), or with `own` one the device started itself (never ranked). */
async function put(label: string, spec: DocSpec, deviceClassId = "raspberry-pi-4", own = false) {
  const doc = resultDocument(spec);
  ids[label] = doc.resultId;
  const ctx = { deviceId: deviceClassId === "raspberry-pi-4" ? "pi" : "jetson", deviceClassId };
  if (own) await upsertResult(db, doc, ctx);
  else await storeDispatched(db, doc, ctx);
}

beforeAll(async () => {
  db = await tempDb();
  await seedDevice(db, "pi", "raspberry-pi-4");
  await seedDevice(db, "jetson", "jetson-nano");
  // unet: registered, fine-tunable; two VALID runs and one INVALID.
  await db.prisma.model.upsert({
    where: { id_version: { id: "unet", version: "1.0.0" } },
    update: {},
    create: {
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
  await put("unet-other", {
    modelId: "unet",
    organDice: { liver: 0.8, pancreas: 0.6 },
    createdAt: "2026-11-20T11:00:00.000Z",
  });
  await put("unet-invalid", { modelId: "unet", verdict: "INVALID" });
  await put("sam", { modelId: "sam", organDice: { liver: 0.85 } });
  // own: VALID runs the device started itself: stored, never ranked.
  await put("own", { modelId: "own" }, "raspberry-pi-4", true);
  // tiny: INVALID only (twice), the later one must be reported.
  await put("tiny-old", { modelId: "tiny", verdict: "INVALID", createdAt: "2026-11-19T10:00:00.000Z" });
  await put("tiny-new", { modelId: "tiny", verdict: "INVALID", createdAt: "2026-11-21T10:00:00.000Z" });
  // notime: VALID but the run timed no case (no per-case time), so it cannot be ranked.
  await put("notime", { modelId: "notime" });
  await db.prisma.result.update({ where: { id: ids.notime }, data: { perCaseMeanMs: null } });
  // skel: a skeleton's run (synthetic weights filled on the device): timing and memory, no DSC to rank by.
  const skeleton = resultDocument({ modelId: "skel" });
  skeleton.model.weights = "synthetic";
  skeleton.accuracy = null;
  ids.skel = skeleton.resultId;
  await storeDispatched(db, skeleton, { deviceId: "pi", deviceClassId: "raspberry-pi-4" });
  await rebuildDeviceModelStats(db);
  // Another version of sam and another class: other rows or other slices.
  await put("sam2", { modelId: "sam", modelVersion: "2.0.0", organDice: { liver: 0.8 } });
  await put("jetson", { modelId: "zzz" }, "jetson-nano");
});
afterAll(() => db.dispose());

describe("leaderboardDetails", () => {
  it("joins each ranked model's fleet figure, representative organs, catalogue facts and run counts", async () => {
    const { entries } = await leaderboardDetails(db, slice);
    expect(entries.map((e) => [e.modelId, e.modelVersion, e.figure.devices])).toEqual([
      ["sam", "1.0.0", 1],
      ["sam", "2.0.0", 1],
      ["unet", "1.0.0", 1],
    ]);
    const unet = entries.find((e) => e.modelId === "unet")!;
    // Two runs on one device: the lower median run (equal per-case times: the earlier) stands for it.
    expect(unet.figure.representative).toEqual({ deviceId: "pi", resultId: ids["unet-best"] });
    expect(unet.figure.meanDice.median).toBeCloseTo((0.82 + 0.7) / 2, 12);
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
    expect(unet.runs).toEqual({ rankable: 2, invalid: 1, notDispatched: 0 });
    expect(unet.consistency).toEqual([]);
  });

  it("lists models without a rankable run, with their latest run's reasons", async () => {
    const { unranked } = await leaderboardDetails(db, slice);
    expect(unranked).toEqual([
      {
        modelId: "notime",
        modelVersion: "1.0.0",
        runs: { invalid: 0, incomplete: 1, notDispatched: 0 },
        latest: expect.objectContaining({ resultId: ids.notime, verdict: "VALID", reasons: [] }),
      },
      {
        modelId: "own",
        modelVersion: "1.0.0",
        runs: { invalid: 0, incomplete: 0, notDispatched: 1 },
        latest: expect.objectContaining({
          resultId: ids.own,
          unrankedReason: "started on the device, not dispatched by the hub",
        }),
      },
      {
        modelId: "skel",
        modelVersion: "1.0.0",
        runs: { invalid: 0, incomplete: 1, notDispatched: 0 },
        latest: expect.objectContaining({ resultId: ids.skel, verdict: "VALID", weights: "synthetic" }),
      },
      {
        modelId: "tiny",
        modelVersion: "1.0.0",
        runs: { invalid: 2, incomplete: 0, notDispatched: 0 },
        latest: {
          resultId: ids["tiny-new"],
          status: "succeeded",
          verdict: "INVALID",
          createdAt: new Date("2026-11-21T10:00:00.000Z"),
          reasons: ["too few queries"],
          unrankedReason: null,
          weights: "own",
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
      { modelId: "own", modelVersion: "1.0.0" },
      { modelId: "sam", modelVersion: "1.0.0" },
      { modelId: "sam", modelVersion: "2.0.0" },
      { modelId: "skel", modelVersion: "1.0.0" },
      { modelId: "unet", modelVersion: "1.0.0" },
    ]);
    expect(await modelsInSlice(db, slice, "INVALID")).toEqual([
      { modelId: "tiny", modelVersion: "1.0.0" },
      { modelId: "unet", modelVersion: "1.0.0" },
    ]);
  });

  it("seeks the leaderboard index instead of scanning the table", async () => {
    const seek = Prisma.sql`SELECT MIN("modelVersion") FROM "Result" WHERE "suiteSha256" = ${SUITE_SHA} AND "deviceClassId" = 'x' AND "verdict" = 'VALID' AND "modelId" = 'unet' AND "modelVersion" > '1'`;
    if (db.provider === "sqlite") {
      const plan = await db.prisma.$queryRaw<{ detail: string }[]>(Prisma.sql`EXPLAIN QUERY PLAN ${seek}`);
      expect(plan.map((p) => p.detail).join("\n")).toMatch(/COVERING INDEX Result_leaderboard_idx/);
      return;
    }
    // PostgreSQL's planner prefers a sequential scan of a table this small; with it ruled out, the
    // table's statistics read and its visibility map current (VACUUM, as autovacuum keeps a live table;
    // without it an index-only scan is costed as visiting every row's page and the choice turns on the
    // documents' size), the seek is an index-only scan of the same index (it holds every column the
    // query reads).
    await db.prisma.$executeRawUnsafe('VACUUM ANALYZE "Result"');
    const plan = await db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      return tx.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN ${seek}`);
    });
    expect(plan.map((p) => p["QUERY PLAN"]).join("\n")).toMatch(
      /Index Only Scan .*using "?Result_leaderboard_idx"?/,
    );
  });
});
