import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client.ts";
import { type DocSpec, OTHER_SUITE_SHA, resultDocument, SUITE_SHA } from "../testing/result-document.ts";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { leaderboard, leaderboardSql } from "./leaderboard.ts";
import { upsertResult } from "./upsert-result.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
const ids: Record<string, string> = {};

/** Stores one result on the Raspberry Pi 4 (or the Jetson) and remembers its id under `label`. */
async function put(label: string, spec: DocSpec & { dice: number }, deviceClassId = "raspberry-pi-4") {
  const doc = resultDocument({ ...spec, organDice: { liver: spec.dice } });
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
  // unet v1: three VALID runs; the best by DSC is not the fastest. An INVALID run scores higher.
  await put("unet1-a", { modelId: "unet", dice: 0.9, perCaseMeanMs: 1500 });
  await put("unet1-best", { modelId: "unet", dice: 0.92, perCaseMeanMs: 2000 });
  await put("unet1-c", { modelId: "unet", dice: 0.85, perCaseMeanMs: 900 });
  await put("unet1-invalid", { modelId: "unet", dice: 0.99, perCaseMeanMs: 800, verdict: "INVALID" });
  // sam: equal DSC, the faster run wins; the earlier of two identical runs wins.
  await put("sam-slow", { modelId: "sam", dice: 0.88, perCaseMeanMs: 1800 });
  await put("sam-fast", {
    modelId: "sam",
    dice: 0.88,
    perCaseMeanMs: 1200,
    createdAt: "2026-11-20T09:00:00.000Z",
  });
  await put("sam-fast-later", {
    modelId: "sam",
    dice: 0.88,
    perCaseMeanMs: 1200,
    createdAt: "2026-11-21T09:00:00.000Z",
  });
  // unet v2 is a different model: its own row, tied on DSC with sam but slower.
  await put("unet2", { modelId: "unet", modelVersion: "2.0.0", dice: 0.88, perCaseMeanMs: 1500 });
  // Excluded: only INVALID runs; another suite; another device class.
  await put("tiny-invalid", { modelId: "tiny", dice: 0.95, verdict: "INVALID" });
  await put("other-suite", { modelId: "tiny", dice: 0.97, suiteSha256: OTHER_SUITE_SHA });
  await put("other-class", { modelId: "tiny", dice: 0.98 }, "jetson-nano");
});
afterAll(() => db.dispose());

describe("leaderboard", () => {
  it("returns each model's best VALID result, best first, ties to the faster run", async () => {
    const board = await leaderboard(db, { suiteSha256: SUITE_SHA, deviceClassId: "raspberry-pi-4" });
    expect(board.map((e) => [e.modelId, e.modelVersion, e.resultId, e.validRuns])).toEqual([
      ["unet", "1.0.0", ids["unet1-best"], 3],
      ["sam", "1.0.0", ids["sam-fast"], 3],
      ["unet", "2.0.0", ids["unet2"], 1],
    ]);
  });

  it("carries the summary numbers of the chosen run with their JavaScript types", async () => {
    const [best] = await leaderboard(db, { suiteSha256: SUITE_SHA, deviceClassId: "raspberry-pi-4" });
    expect(best).toEqual({
      modelId: "unet",
      modelVersion: "1.0.0",
      resultId: ids["unet1-best"],
      deviceId: "pi",
      backend: "node",
      meanDice: 0.92,
      meanNsd: expect.closeTo(0.87, 12),
      minOrganDice: 0.92,
      minOrganNsd: expect.closeTo(0.87, 12),
      perCaseMeanMs: 2000,
      p50Ms: 25,
      p90Ms: 30,
      p99Ms: 41,
      peakRssMb: 412,
      throttled: false,
      createdAt: new Date("2026-11-20T10:00:00.000Z"),
      validRuns: 3,
    });
  });

  it("answers per device class and suite, and is empty where nothing VALID exists", async () => {
    const jetson = await leaderboard(db, { suiteSha256: SUITE_SHA, deviceClassId: "jetson-nano" });
    expect(jetson.map((e) => e.resultId)).toEqual([ids["other-class"]]);
    const other = await leaderboard(db, { suiteSha256: OTHER_SUITE_SHA, deviceClassId: "raspberry-pi-4" });
    expect(other.map((e) => e.resultId)).toEqual([ids["other-suite"]]);
    expect(await leaderboard(db, { suiteSha256: "f".repeat(64), deviceClassId: "raspberry-pi-4" })).toEqual(
      [],
    );
  });

  it("ranks from the leaderboard index alone, touching neither the table nor other slices", async () => {
    const query = leaderboardSql({ suiteSha256: SUITE_SHA, deviceClassId: "raspberry-pi-4" });
    const plan = await db.prisma.$queryRaw<{ detail: string }[]>(Prisma.sql`EXPLAIN QUERY PLAN ${query}`);
    const details = plan.map((p) => p.detail).join("\n");
    expect(details).toMatch(/SEARCH Result USING COVERING INDEX Result_leaderboard_idx/);
    expect(details).not.toMatch(/SCAN Result/);
  });
});
