import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resultDocument } from "../testing/result-document.ts";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { upsertResult } from "./upsert-result.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
beforeEach(async () => {
  db = await tempDb();
  await seedDevice(db, "dev-1");
  await seedDevice(db, "dev-2");
});
afterEach(() => db.dispose());

async function seedJob(jobId: string, deviceId: string, status: "delivered" | "cancelled" = "delivered") {
  await db.prisma.suite.upsert({
    where: { sha256: "a".repeat(64) },
    update: {},
    create: { sha256: "a".repeat(64), id: "standard", version: "1", definition: {} },
  });
  await db.prisma.model.upsert({
    where: { id_version: { id: "unet-small", version: "1.0.0" } },
    update: {},
    create: {
      id: "unet-small",
      version: "1.0.0",
      family: "target-specific",
      pipeline: "semantic-2d",
      manifest: {},
      manifestSha256: "c".repeat(64),
      trained: true,
      license: "Apache-2.0",
      fineTuningSupported: false,
    },
  });
  const campaign = await db.prisma.campaign.create({
    data: { name: "c", suiteSha256: "a".repeat(64), target: { deviceIds: [deviceId] }, status: "active" },
  });
  await db.prisma.job.create({
    data: {
      id: jobId,
      campaignId: campaign.id,
      deviceId,
      modelId: "unet-small",
      modelVersion: "1.0.0",
      status,
      timeoutMs: 60_000,
    },
  });
}

describe("upsertResult", () => {
  it("stores the result with its summary columns and per-organ rows", async () => {
    const doc = resultDocument({ organDice: { liver: 0.92, spleen: 0.81 }, perCaseMeanMs: 1500 });
    expect(await upsertResult(db, doc, { deviceId: "dev-1", deviceClassId: "raspberry-pi-4" })).toEqual({
      created: true,
      job: "none",
    });
    const row = await db.prisma.result.findUniqueOrThrow({
      where: { id: doc.resultId },
      include: { organs: true },
    });
    expect(row).toMatchObject({
      deviceId: "dev-1",
      deviceClassId: "raspberry-pi-4",
      modelId: "unet-small",
      modelVersion: "1.0.0",
      suiteSha256: "a".repeat(64),
      status: "succeeded",
      verdict: "VALID",
      backend: "node",
      minOrganDice: 0.81,
      perCaseMeanMs: 1500,
      p50Ms: 25,
      p90Ms: 30,
      p99Ms: 41,
      peakRssMb: 412,
      throttled: false,
      jobId: null,
    });
    expect(row.meanDice).toBeCloseTo(0.865, 12);
    expect(row.minOrganNsd).toBeCloseTo(0.76, 12);
    expect(row.createdAt.toISOString()).toBe(doc.createdAt);
    expect(JSON.parse(row.document)).toEqual(doc);
    const organs = row.organs.sort((a, b) => a.organ.localeCompare(b.organ));
    expect(organs.map((o) => [o.organ, o.labelValue, o.n, o.meanDice])).toEqual([
      ["liver", 1, 2, 0.92],
      ["spleen", 2, 2, 0.81],
    ]);
  });

  it("is idempotent: a re-delivered document is stored once and the first copy wins", async () => {
    const doc = resultDocument();
    const ctx = { deviceId: "dev-1", deviceClassId: "raspberry-pi-4" };
    await upsertResult(db, doc, ctx);
    const again = await upsertResult(db, { ...doc, agentVersion: "9.9.9" }, ctx);
    expect(again).toEqual({ created: false, job: "unchanged" });
    expect(await db.prisma.result.count()).toBe(1);
    expect(await db.prisma.resultOrgan.count()).toBe(2);
    const row = await db.prisma.result.findUniqueOrThrow({ where: { id: doc.resultId } });
    expect(JSON.parse(row.document).agentVersion).toBe("0.1.0");
  });

  it("links the job and closes it in the same transaction", async () => {
    await seedJob("job-1", "dev-1");
    const doc = resultDocument();
    const outcome = await upsertResult(db, doc, {
      deviceId: "dev-1",
      deviceClassId: "raspberry-pi-4",
      jobId: "job-1",
    });
    expect(outcome).toEqual({ created: true, job: "linked" });
    const job = await db.prisma.job.findUniqueOrThrow({ where: { id: "job-1" }, include: { result: true } });
    expect(job.status).toBe("succeeded");
    expect(job.finishedAt).toBeInstanceOf(Date);
    expect(job.result?.id).toBe(doc.resultId);
  });

  it("marks the job failed for a failed run, and leaves a cancelled job cancelled", async () => {
    await seedJob("job-f", "dev-1");
    await seedJob("job-c", "dev-1", "cancelled");
    const ctx = { deviceId: "dev-1", deviceClassId: "raspberry-pi-4" };
    await upsertResult(db, resultDocument({ status: "failed" }), { ...ctx, jobId: "job-f" });
    await upsertResult(db, resultDocument(), { ...ctx, jobId: "job-c" });
    const jobs = await db.prisma.job.findMany({ orderBy: { id: "asc" }, include: { result: true } });
    expect(jobs.map((j) => [j.id, j.status, j.result !== null])).toEqual([
      ["job-c", "cancelled", true],
      ["job-f", "failed", true],
    ]);
  });

  it("keeps the measurement but not the link when the job is unknown, another device's, or already answered", async () => {
    await seedJob("job-2", "dev-2");
    await seedJob("job-1", "dev-1");
    const ctx = { deviceId: "dev-1", deviceClassId: "raspberry-pi-4" };
    const first = resultDocument();
    expect((await upsertResult(db, resultDocument(), { ...ctx, jobId: "nope" })).job).toBe("missing");
    expect((await upsertResult(db, resultDocument(), { ...ctx, jobId: "job-2" })).job).toBe("other-device");
    expect((await upsertResult(db, first, { ...ctx, jobId: "job-1" })).job).toBe("linked");
    expect((await upsertResult(db, resultDocument(), { ...ctx, jobId: "job-1" })).job).toBe("already-linked");
    expect(await db.prisma.result.count()).toBe(4);
    expect((await db.prisma.job.findUniqueOrThrow({ where: { id: "job-2" } })).status).toBe("delivered");
    const linked = await db.prisma.job.findUniqueOrThrow({
      where: { id: "job-1" },
      include: { result: true },
    });
    expect(linked.result?.id).toBe(first.resultId);
  });

  it("rolls everything back when the device is unknown", async () => {
    const doc = resultDocument();
    await expect(
      upsertResult(db, doc, { deviceId: "ghost", deviceClassId: "raspberry-pi-4" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("device ghost"),
    });
    expect(await db.prisma.result.count()).toBe(0);
    expect(await db.prisma.resultOrgan.count()).toBe(0);
  });
});
