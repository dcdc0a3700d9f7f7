import type { ResultDocument } from "@edgeseg/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { storeDispatched } from "../testing/dispatch.ts";
import { fineTuningBlock, resultDocument, SUITE_SHA } from "../testing/result-document.ts";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { upsertResult } from "./upsert-result.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
beforeEach(async () => {
  db = await tempDb();
  await seedDevice(db, "pi-1");
  await seedDevice(db, "pi-2");
});
afterEach(() => db.dispose());

const DATASET_SHA = "e".repeat(64);

/** A job of a campaign on a suite whose stored definition pins the fixture's dataset, as the registry stores it. */
async function dispatch(
  jobId: string,
  deviceId: string,
  opts: { modelId?: string; overrides?: object; manifestSha256?: string; datasetSha256?: string } = {},
) {
  await db.prisma.suite.upsert({
    where: { sha256: SUITE_SHA },
    update: {},
    create: {
      sha256: SUITE_SHA,
      id: "standard",
      version: "1",
      definition: {
        format: 1,
        dataset: { id: "phantom", sha256: opts.datasetSha256 ?? DATASET_SHA },
        models: [],
        suite: {},
      },
    },
  });
  const modelId = opts.modelId ?? "unet-small";
  await db.prisma.model.upsert({
    where: { id_version: { id: modelId, version: "1.0.0" } },
    update: {},
    create: {
      id: modelId,
      version: "1.0.0",
      family: "target-specific",
      pipeline: "semantic-2d",
      manifest: {},
      manifestSha256: opts.manifestSha256 ?? "c".repeat(64),
      trained: true,
      license: "Apache-2.0",
      fineTuningSupported: false,
    },
  });
  const campaign = await db.prisma.campaign.create({
    data: {
      name: "c",
      suiteSha256: SUITE_SHA,
      target: { deviceIds: [deviceId] },
      status: "active",
      ...(opts.overrides ? { overrides: opts.overrides } : {}),
    },
  });
  await db.prisma.job.create({
    data: {
      id: jobId,
      campaignId: campaign.id,
      deviceId,
      modelId,
      modelVersion: "1.0.0",
      status: "running",
      timeoutMs: 60_000,
    },
  });
}

const store = (doc: ResultDocument, deviceId: string, jobId?: string) =>
  upsertResult(db, doc, { deviceId, deviceClassId: "raspberry-pi-4", ...(jobId ? { jobId } : {}) });
const row = (doc: ResultDocument) =>
  db.prisma.result.findUniqueOrThrow({
    where: { id: doc.resultId },
    select: { origin: true, rankable: true, unrankedReason: true, review: true, jobId: true },
  });
const jobRow = (id: string) =>
  db.prisma.job.findUniqueOrThrow({ where: { id }, select: { status: true, lastError: true } });

describe("only dispatched work is ranked", () => {
  it("ranks a result that answers its device's job for the same model, suite, dataset and scenario", async () => {
    await dispatch("j1", "pi-1", { overrides: { maxCases: 2, singleStream: { minQueries: 100 } } });
    const doc = resultDocument({ maxCases: 2 });
    expect((await store(doc, "pi-1", "j1")).job).toBe("linked");
    expect(await row(doc)).toEqual({
      origin: "job",
      rankable: true,
      unrankedReason: null,
      review: null,
      jobId: "j1",
    });
    expect(await jobRow("j1")).toEqual({ status: "succeeded", lastError: null });
  });

  it("keeps a device-initiated result unranked, with the reason", async () => {
    const doc = resultDocument();
    expect((await store(doc, "pi-1")).job).toBe("none");
    expect(await row(doc)).toEqual({
      origin: "device",
      rankable: false,
      unrankedReason: "started on the device, not dispatched by the hub",
      review: null,
      jobId: null,
    });
  });

  it("keeps a result for a model its job did not name unranked, and fails the job with the reason", async () => {
    await dispatch("j1", "pi-1", { modelId: "sam-tiny" });
    const doc = resultDocument({ modelId: "unet-small" });
    await store(doc, "pi-1", "j1");
    expect(await row(doc)).toMatchObject({
      origin: "job",
      rankable: false,
      unrankedReason: "its job named another model or suite",
      jobId: "j1",
    });
    expect(await jobRow("j1")).toEqual({
      status: "failed",
      lastError: `result ${doc.resultId} does not answer this job: its job named another model or suite`,
    });
  });

  it("refuses to rank a model whose manifest is not the catalogue's", async () => {
    await dispatch("j1", "pi-1", { manifestSha256: "f".repeat(64) });
    const doc = resultDocument();
    await store(doc, "pi-1", "j1");
    const stored = await row(doc);
    expect(stored.rankable).toBe(false);
    expect(stored.unrankedReason).toBe(
      "its model manifest sha256 cccccccccccc… is not the catalogue's ffffffffffff… for unet-small@1.0.0",
    );
  });

  it("refuses to rank a run on another dataset than the suite's", async () => {
    await dispatch("j1", "pi-1", { datasetSha256: "9".repeat(64) });
    const doc = resultDocument();
    await store(doc, "pi-1", "j1");
    expect((await row(doc)).unrankedReason).toBe(
      "its dataset sha256 eeeeeeeeeeee… is not the suite's 999999999999…",
    );
  });

  it("refuses to rank a run whose scenario is not the one its job sent", async () => {
    await dispatch("j1", "pi-1", { overrides: { maxCases: 2, offline: { batchSize: 8 } } });
    const doc = resultDocument({ maxCases: 5 });
    await store(doc, "pi-1", "j1");
    expect(await row(doc)).toMatchObject({
      rankable: false,
      unrankedReason:
        "its scenario differs from the one the job sent (offline.batchSize: 8 → 4, maxCases: 2 → 5)",
    });
  });

  it("refuses to rank a fine-tuning larger than the one its job sent, and ranks one within it", async () => {
    await dispatch("j1", "pi-1", {
      overrides: { fineTuning: { trainSlices: 16, maxSteps: 24, testCases: 2 } },
    });
    const over = resultDocument({ fineTuning: fineTuningBlock({}) }); // 16 slices, 40 steps, 4 test cases
    await store(over, "pi-1", "j1");
    expect(await row(over)).toMatchObject({
      rankable: false,
      unrankedReason:
        "its scenario differs from the one the job sent (fineTuning.testCases: 2 → 4, fineTuning.maxSteps: at most 24 → 40)",
    });
    await dispatch("j2", "pi-2", {
      overrides: { fineTuning: { trainSlices: 16, maxSteps: 40, epochs: 10 } },
    });
    const within = resultDocument({ fineTuning: fineTuningBlock({}) });
    await store(within, "pi-2", "j2");
    expect(await row(within)).toMatchObject({ rankable: true, unrankedReason: null });
  });

  it("does not rank accuracy aggregates that come without the cases they summarise", async () => {
    await dispatch("j1", "pi-1");
    const doc = resultDocument();
    doc.accuracy!.cases = [];
    await store(doc, "pi-1", "j1");
    expect(await row(doc)).toMatchObject({
      origin: "job",
      rankable: false,
      unrankedReason: "its accuracy aggregates come without the per-case values they summarise",
    });
    expect((await jobRow("j1")).status).toBe("succeeded");
  });

  it("keeps results naming another device's job, an unknown job or an answered job unranked and unlinked", async () => {
    await dispatch("j1", "pi-1");
    const theirs = resultDocument();
    expect((await store(theirs, "pi-2", "j1")).job).toBe("other-device");
    expect(await row(theirs)).toMatchObject({
      origin: "device",
      rankable: false,
      jobId: null,
      unrankedReason: "names job j1, which was dispatched to another device",
    });
    const unknown = resultDocument();
    expect((await store(unknown, "pi-1", "nope")).job).toBe("missing");
    expect((await row(unknown)).unrankedReason).toBe("names job nope, which the hub does not know");
    const first = resultDocument();
    const second = resultDocument();
    await store(first, "pi-1", "j1");
    expect((await store(second, "pi-1", "j1")).job).toBe("already-linked");
    expect(await row(second)).toMatchObject({
      rankable: false,
      unrankedReason: `its job j1 was already answered by result ${first.resultId}`,
    });
    expect((await row(first)).rankable).toBe(true);
  });
});

describe("plausibility flags for review", () => {
  const ctx = { deviceClassId: "raspberry-pi-4" };

  it("flags a run faster than a tenth of the fastest its class has ranked, and leaves an ordinary one alone", async () => {
    await storeDispatched(db, resultDocument({ perCaseMeanMs: 12_000 }), { ...ctx, deviceId: "pi-1" });
    const usual = resultDocument({ perCaseMeanMs: 10_000 });
    await storeDispatched(db, usual, { ...ctx, deviceId: "pi-2" });
    expect(await row(usual)).toMatchObject({ rankable: true, review: null });
    // 1100 ms is 11 % of the fastest (10 s): possible. 99 ms is under a tenth of 1100 ms: flagged, still ranked.
    const fast = resultDocument({ perCaseMeanMs: 1100 });
    await storeDispatched(db, fast, { ...ctx, deviceId: "pi-2" });
    expect((await row(fast)).review).toBeNull();
    const faster = resultDocument({ perCaseMeanMs: 99 });
    await storeDispatched(db, faster, { ...ctx, deviceId: "pi-2" });
    const stored = await row(faster);
    expect(stored.rankable).toBe(true);
    expect(JSON.parse(stored.review!)).toEqual([
      "per-case time 99 ms is under a tenth of the fastest this class has ranked for the model (1100 ms)",
    ]);
  });

  it("flags a mean DSC unlike every other device's, not one that agrees with one of them", async () => {
    await storeDispatched(db, resultDocument({ organDice: { liver: 0.9, spleen: 0.8 } }), {
      ...ctx,
      deviceId: "pi-1",
    });
    // Its own device is not the comparison, and no other device has ranked the model yet.
    const alone = resultDocument({ organDice: { liver: 0.99, spleen: 0.99 } });
    await storeDispatched(db, alone, { ...ctx, deviceId: "pi-1" });
    expect((await row(alone)).review).toBeNull();
    await storeDispatched(db, resultDocument({ organDice: { liver: 0.99, spleen: 0.99 } }), {
      ...ctx,
      deviceId: "pi-1",
    });
    // pi-1's median of 0.85, 0.99, 0.99 is 0.99: a run 0.0004 from it agrees.
    const agrees = resultDocument({ organDice: { liver: 0.9908, spleen: 0.99 } });
    await storeDispatched(db, agrees, { ...ctx, deviceId: "pi-2" });
    expect((await row(agrees)).review).toBeNull();
    await seedDevice(db, "pi-3");
    const odd = resultDocument({ organDice: { liver: 0.5, spleen: 0.5 } });
    await storeDispatched(db, odd, { ...ctx, deviceId: "pi-3" });
    expect(JSON.parse((await row(odd)).review!)).toEqual([
      "mean DSC 0.5 differs by more than 0.001 from every other device's ranked median for the model on this suite (2 devices)",
    ]);
  });
});
