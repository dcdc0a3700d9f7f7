import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeDispatched } from "../testing/dispatch.ts";
import { type DocSpec, OTHER_SUITE_SHA, resultDocument, SUITE_SHA } from "../testing/result-document.ts";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { rebuildDeviceModelStats } from "./device-model-stats.ts";
import { leaderboard } from "./leaderboard.ts";
import { upsertResult } from "./upsert-result.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
const ids: Record<string, string> = {};
const PI = "raspberry-pi-4";
const slice = { suiteSha256: SUITE_SHA, deviceClassId: PI };

/** A run dispatched to `deviceId` by the hub, remembered under `label`. */
async function put(label: string, deviceId: string, spec: DocSpec, deviceClassId = PI) {
  const doc = resultDocument(spec);
  ids[label] = doc.resultId;
  await storeDispatched(db, doc, { deviceId, deviceClassId });
}

beforeAll(async () => {
  db = await tempDb();
  for (const id of ["pi-1", "pi-2", "pi-3"]) await seedDevice(db, id, PI);
  await seedDevice(db, "jetson", "jetson-nano");
  // unet on pi-1: three VALID runs (median 1500 ms, best 900 ms) and an INVALID one that was faster.
  await put("unet-pi1-a", "pi-1", { modelId: "unet", perCaseMeanMs: 1500, peakRssMb: 400 });
  await put("unet-pi1-b", "pi-1", { modelId: "unet", perCaseMeanMs: 2000, peakRssMb: 420 });
  await put("unet-pi1-c", "pi-1", { modelId: "unet", perCaseMeanMs: 900, peakRssMb: 380 });
  await put("unet-pi1-invalid", "pi-1", { modelId: "unet", perCaseMeanMs: 100, verdict: "INVALID" });
  // unet on pi-2: one run. On pi-3 only a run the device started itself (never ranked).
  await put("unet-pi2", "pi-2", { modelId: "unet", perCaseMeanMs: 1700, peakRssMb: 500 });
  const own = resultDocument({ modelId: "unet", perCaseMeanMs: 50 });
  ids["unet-pi3-own"] = own.resultId;
  await upsertResult(db, own, { deviceId: "pi-3", deviceClassId: PI });
  // A run answering a job for another model is stored, not ranked.
  const wrong = resultDocument({ modelId: "unet", perCaseMeanMs: 60 });
  ids["unet-pi3-wrong-job"] = wrong.resultId;
  await storeDispatched(db, wrong, { deviceId: "pi-3", deviceClassId: PI }, { modelId: "sam" });
  // sam on pi-1: a stable and an UNSTABLE run; the unstable one is left out while a stable one exists.
  await put("sam-stable", "pi-1", { modelId: "sam", perCaseMeanMs: 1200, stability: "STABLE" });
  await put("sam-unstable", "pi-1", { modelId: "sam", perCaseMeanMs: 5000, stability: "UNSTABLE" });
  // Another version, another suite, another class.
  await put("unet2", "pi-2", { modelId: "unet", modelVersion: "2.0.0", perCaseMeanMs: 1500 });
  await put("other-suite", "pi-1", { modelId: "tiny", suiteSha256: OTHER_SUITE_SHA });
  await put("other-class", "jetson", { modelId: "tiny" }, "jetson-nano");
});
afterAll(() => db.dispose());

describe("leaderboard (per-device figures of one slice)", () => {
  it("returns each model's devices with the median of their dispatched VALID runs", async () => {
    const board = await leaderboard(db, slice);
    expect(board.map((e) => [e.modelId, e.modelVersion, e.devices.map((d) => d.deviceId)])).toEqual([
      ["sam", "1.0.0", ["pi-1"]],
      ["unet", "1.0.0", ["pi-1", "pi-2"]],
      ["unet", "2.0.0", ["pi-2"]],
    ]);
    const [pi1, pi2] = board[1]?.devices ?? [];
    expect(pi1).toMatchObject({
      runs: 3,
      perCaseMeanMs: 1500,
      peakRssMb: 400,
      bestPerCaseMs: 900,
      bestResultId: ids["unet-pi1-c"],
      medianResultId: ids["unet-pi1-a"],
      backends: ["node"],
      throttledRuns: 0,
      throttleKnownRuns: 3,
    });
    expect(pi2).toMatchObject({ runs: 1, perCaseMeanMs: 1700, peakRssMb: 500 });
  });

  it("leaves UNSTABLE runs out of a device's figure while it has a stable one", async () => {
    const sam = (await leaderboard(db, slice))[0]?.devices[0];
    expect(sam).toMatchObject({ runs: 1, perCaseMeanMs: 1200, unstableRuns: 0 });
  });

  it("stores results that were not dispatched, with the reason they are not ranked", async () => {
    const rows = await db.prisma.result.findMany({
      where: { id: { in: [ids["unet-pi3-own"]!, ids["unet-pi3-wrong-job"]!, ids["unet-pi1-a"]!] } },
      select: { id: true, origin: true, rankable: true, unrankedReason: true },
    });
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[ids["unet-pi3-own"]!]).toMatchObject({
      origin: "device",
      rankable: false,
      unrankedReason: "started on the device, not dispatched by the hub",
    });
    expect(byId[ids["unet-pi3-wrong-job"]!]).toMatchObject({
      origin: "job",
      rankable: false,
      unrankedReason: "its job named another model or suite",
    });
    expect(byId[ids["unet-pi1-a"]!]).toMatchObject({ origin: "job", rankable: true, unrankedReason: null });
  });

  it("answers per device class and suite, and is empty where nothing was ranked", async () => {
    const jetson = await leaderboard(db, { suiteSha256: SUITE_SHA, deviceClassId: "jetson-nano" });
    expect(jetson.map((e) => [e.modelId, e.devices[0]?.bestResultId])).toEqual([
      ["tiny", ids["other-class"]],
    ]);
    const other = await leaderboard(db, { suiteSha256: OTHER_SUITE_SHA, deviceClassId: PI });
    expect(other.map((e) => e.devices[0]?.bestResultId)).toEqual([ids["other-suite"]]);
    expect(await leaderboard(db, { suiteSha256: "f".repeat(64), deviceClassId: PI })).toEqual([]);
  });

  it("rebuilds the same figures from Result as ingest kept", async () => {
    const before = await db.prisma.deviceModelStats.findMany({
      orderBy: [{ modelId: "asc" }, { deviceId: "asc" }],
    });
    expect(await rebuildDeviceModelStats(db)).toBe(before.length);
    const after = await db.prisma.deviceModelStats.findMany({
      orderBy: [{ modelId: "asc" }, { deviceId: "asc" }],
    });
    expect(after).toEqual(before);
  });
});
