import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeDispatched } from "../testing/dispatch.ts";
import { fineTuningBlock, resultDocument, SUITE_SHA } from "../testing/result-document.ts";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { modelCard } from "./model-card.ts";
import { modelRegistry } from "./model-registry.ts";
import { upsertResult } from "./upsert-result.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
const GRAPH_SHA = "9".repeat(64);
const MANIFEST_SHA = "8".repeat(64);

async function model(id: string, version: string, createdAt: string, name?: string) {
  await db.prisma.model.create({
    data: {
      id,
      version,
      family: "target-specific",
      pipeline: "semantic-2d",
      manifest: {
        ...(name ? { name } : {}),
        graphs: { model: { file: "unet.onnx", sha256: GRAPH_SHA } },
      },
      manifestSha256: MANIFEST_SHA,
      trained: true,
      license: "MIT",
      fineTuningSupported: false,
      createdAt: new Date(createdAt),
    },
  });
}

beforeAll(async () => {
  db = await tempDb();
  await seedDevice(db, "pi", "raspberry-pi-4");
  await seedDevice(db, "jetson", "jetson-nano");
  await model("unet", "1.0.0", "2026-11-01T00:00:00Z", "Small U-Net");
  await model("unet", "2.0.0", "2026-11-10T00:00:00Z");
  await model("sam", "1.0.0", "2026-11-05T00:00:00Z");
  await db.prisma.artifact.create({
    data: { sha256: MANIFEST_SHA, size: 812n, path: MANIFEST_SHA, role: "manifest" },
  });
  const put = (deviceId: string, deviceClassId: string, spec: Parameters<typeof resultDocument>[0]) =>
    upsertResult(db, resultDocument({ modelId: "unet", ...spec }), { deviceId, deviceClassId });
  await put("pi", "raspberry-pi-4", { organDice: { liver: 0.9 }, perCaseMeanMs: 2000 });
  await put("pi", "raspberry-pi-4", {
    organDice: { liver: 0.8 },
    perCaseMeanMs: 1500,
    createdAt: "2026-11-22T08:00:00.000Z",
  });
  await put("pi", "raspberry-pi-4", { organDice: { liver: 0.99 }, perCaseMeanMs: 100, verdict: "INVALID" });
  await put("jetson", "jetson-nano", { organDice: { liver: 0.7 }, verdict: "INVALID" });
  await put("pi", "raspberry-pi-4", { modelVersion: "2.0.0" });
  // On an Orin: a skeleton's run (synthetic weights: no accuracy) and a dispatched run that fine-tuned.
  await seedDevice(db, "orin", "jetson-orin");
  const skeleton = resultDocument({ modelId: "unet", perCaseMeanMs: 900 });
  skeleton.model.weights = "synthetic";
  skeleton.accuracy = null;
  await upsertResult(db, skeleton, { deviceId: "orin", deviceClassId: "jetson-orin" });
  const tuned = resultDocument({
    modelId: "unet",
    perCaseMeanMs: 1100,
    fineTuning: fineTuningBlock({ stepMs: 14 }),
  });
  tuned.model.manifestSha256 = MANIFEST_SHA; // the catalogue's manifest: the hub ranks only that one
  const stored = await storeDispatched(db, tuned, { deviceId: "orin", deviceClassId: "jetson-orin" });
  expect(stored.created).toBe(true);
});
afterAll(() => db.dispose());

describe("modelRegistry", () => {
  it("lists every version by id, newest registration first, with result counts and names", async () => {
    const rows = await modelRegistry(db);
    expect(rows.map((m) => [m.id, m.version, m.name, m.results])).toEqual([
      ["sam", "1.0.0", "sam", 0],
      ["unet", "2.0.0", "unet", 1],
      ["unet", "1.0.0", "Small U-Net", 6],
    ]);
  });
});

describe("modelCard", () => {
  it("shows the newest registered version by default and lists every version", async () => {
    const card = await modelCard(db, "unet");
    expect(card?.version).toBe("2.0.0");
    expect(card?.versions).toEqual(["2.0.0", "1.0.0"]);
  });

  it("names the manifest's files with their sha256 and whether the store has them", async () => {
    const card = await modelCard(db, "unet", "1.0.0");
    expect(card?.files).toEqual([
      { role: "manifest", file: "manifest.json", sha256: MANIFEST_SHA, size: 812 },
      { role: "model", file: "unet.onnx", sha256: GRAPH_SHA, size: null },
    ]);
  });

  it("summarises results per device class from VALID runs only", async () => {
    const card = await modelCard(db, "unet", "1.0.0");
    expect(card?.byClass).toEqual([
      {
        deviceClassId: "jetson-nano",
        results: 1,
        valid: 0,
        bestDice: null,
        fastestMs: null,
        lastRunAt: new Date("2026-11-20T10:00:00.000Z"),
        synthetic: { runs: 0, fastestMs: null },
      },
      {
        deviceClassId: "jetson-orin",
        results: 2,
        valid: 2,
        bestDice: 0.8500000000000001,
        fastestMs: 900,
        lastRunAt: new Date("2026-11-20T10:00:00.000Z"),
        synthetic: { runs: 1, fastestMs: 900 },
      },
      {
        deviceClassId: "raspberry-pi-4",
        results: 3,
        valid: 2,
        bestDice: 0.9,
        fastestMs: 1500,
        lastRunAt: new Date("2026-11-22T08:00:00.000Z"),
        synthetic: { runs: 0, fastestMs: null },
      },
    ]);
  });

  it("carries the class figure of each (suite, class) with dispatched runs, fine-tuning and egress included", async () => {
    const card = await modelCard(db, "unet", "1.0.0");
    expect(card?.fleet.map((f) => [f.suiteSha256, f.deviceClassId, f.figure.devices])).toEqual([
      [SUITE_SHA, "jetson-orin", 1],
    ]);
    const figure = card!.fleet[0]!.figure;
    expect(figure.fineTuning).toEqual({ devices: 1, runs: 1, failedRuns: 0, outOfMemoryRuns: 0 });
    expect([figure.fineTuningStepMs.median, figure.fineTuningDiceAfter.median]).toEqual([14, 0.83]);
    expect(figure.egress).toMatchObject({ maxBytes: 20_000, maxMessages: 12, largestMessageBytes: 9_000 });
  });

  it("is null for an unknown model or version", async () => {
    expect(await modelCard(db, "nope")).toBeNull();
    expect(await modelCard(db, "unet", "9.9.9")).toBeNull();
  });
});
