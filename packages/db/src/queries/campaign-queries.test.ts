import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultDocument, SUITE_SHA } from "../testing/result-document.ts";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { campaignJobs } from "./campaign-jobs.ts";
import { campaignOverview, campaignOverviews } from "./campaign-overview.ts";
import { campaignResults } from "./campaign-results.ts";
import { upsertResult } from "./upsert-result.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
const results: Record<string, string> = {};

async function model(id: string) {
  await db.prisma.model.create({
    data: {
      id,
      version: "1.0.0",
      family: "target-specific",
      pipeline: "semantic-2d",
      manifest: {},
      manifestSha256: "c".repeat(64),
      trained: true,
      license: "MIT",
      fineTuningSupported: false,
    },
  });
}

async function job(id: string, campaignId: string, deviceId: string, modelId: string, status = "queued") {
  await db.prisma.job.create({
    data: {
      id,
      campaignId,
      deviceId,
      modelId,
      modelVersion: "1.0.0",
      status: status as "queued",
      timeoutMs: 60_000,
    },
  });
}

beforeAll(async () => {
  db = await tempDb();
  await seedDevice(db, "pi-a", "raspberry-pi-4");
  await seedDevice(db, "pi-b", "raspberry-pi-4");
  await db.prisma.suite.create({ data: { sha256: SUITE_SHA, id: "standard", version: "1", definition: {} } });
  await model("unet");
  await model("sam");
  const user = await db.prisma.user.create({ data: { email: "r@example.org", passwordHash: "x" } });
  await db.prisma.campaign.create({
    data: {
      id: "old",
      name: "old one",
      suiteSha256: SUITE_SHA,
      status: "completed",
      target: { deviceIds: ["pi-a"] },
      createdAt: new Date("2026-11-01T00:00:00Z"),
    },
  });
  await db.prisma.campaign.create({
    data: {
      id: "new",
      name: "new one",
      suiteSha256: SUITE_SHA,
      status: "active",
      target: { deviceClassIds: ["raspberry-pi-4"] },
      overrides: { maxCases: 2 },
      createdById: user.id,
      createdAt: new Date("2026-11-20T00:00:00Z"),
    },
  });
  // j1 succeeds with two organs; j3 reports an INVALID run; j0 belongs to the other campaign.
  // Runs of campaign "new" report the scenario its jobs sent (maxCases 2). A device holds one job at a
  // time (on PostgreSQL a partial unique index says so), so pi-a's jobs are answered one by one.
  const ok = resultDocument({ modelId: "unet", organDice: { spleen: 0.8, liver: 0.9 }, maxCases: 2 });
  const bad = resultDocument({ modelId: "unet", verdict: "INVALID", maxCases: 2 });
  const other = resultDocument({ modelId: "unet" });
  results.ok = ok.resultId;
  results.bad = bad.resultId;
  await job("j1", "new", "pi-b", "unet", "delivered");
  await job("j4", "new", "pi-b", "sam");
  await job("j3", "new", "pi-a", "unet", "delivered");
  await upsertResult(db, ok, { deviceId: "pi-b", deviceClassId: "raspberry-pi-4", jobId: "j1" });
  await upsertResult(db, bad, { deviceId: "pi-a", deviceClassId: "raspberry-pi-4", jobId: "j3" });
  await job("j0", "old", "pi-a", "unet", "delivered");
  await upsertResult(db, other, { deviceId: "pi-a", deviceClassId: "raspberry-pi-4", jobId: "j0" });
  await job("j2", "new", "pi-a", "sam", "running");
});
afterAll(() => db.dispose());

describe("campaign overviews", () => {
  it("lists campaigns newest first with job counts by status and the creator", async () => {
    const list = await campaignOverviews(db);
    expect(list.map((c) => [c.id, c.totalJobs, c.createdBy])).toEqual([
      ["new", 4, "r@example.org"],
      ["old", 1, null],
    ]);
    const [latest] = list;
    expect(latest?.jobs).toEqual({
      queued: 1,
      delivered: 0,
      running: 1,
      succeeded: 2,
      failed: 0,
      cancelled: 0,
      timed_out: 0,
    });
    expect(latest?.suite).toEqual({ sha256: SUITE_SHA, id: "standard", version: "1" });
    expect(latest?.overrides).toEqual({ maxCases: 2 });
    expect(latest?.target).toEqual({ deviceClassIds: ["raspberry-pi-4"] });
  });

  it("reads one campaign, or null", async () => {
    expect((await campaignOverview(db, "old"))?.jobs.succeeded).toBe(1);
    expect(await campaignOverview(db, "missing")).toBeNull();
  });
});

describe("campaign jobs", () => {
  it("orders jobs by device then model and carries the result summary", async () => {
    const jobs = await campaignJobs(db, "new");
    expect(jobs.map((j) => [j.id, j.device.id, j.modelId, j.status, j.result?.id ?? null])).toEqual([
      ["j2", "pi-a", "sam", "running", null],
      ["j3", "pi-a", "unet", "succeeded", results.bad],
      ["j4", "pi-b", "sam", "queued", null],
      ["j1", "pi-b", "unet", "succeeded", results.ok],
    ]);
    expect(jobs[3]?.result).toMatchObject({
      verdict: "VALID",
      meanDice: expect.closeTo(0.85, 12),
      p99Ms: 41,
    });
  });
});

describe("campaign results", () => {
  it("returns the campaign's results with organs and reasons, not other campaigns'", async () => {
    const rows = await campaignResults(db, "new");
    expect(rows?.map((r) => [r.deviceId, r.jobId, r.verdict, r.reasons])).toEqual([
      ["pi-a", "j3", "INVALID", ["too few queries"]],
      ["pi-b", "j1", "VALID", []],
    ]);
    const ok = rows?.[1];
    expect(ok?.organs.map((o) => [o.organ, o.meanDice, o.meanNsd])).toEqual([
      ["liver", 0.9, expect.closeTo(0.85, 12)],
      ["spleen", 0.8, expect.closeTo(0.75, 12)],
    ]);
    expect(ok).toMatchObject({
      campaignId: "new",
      resultId: results.ok,
      perCaseMeanMs: 1200,
      weights: "own",
      throttled: false,
    });
  });

  it("is an empty list for a campaign without results and null for an unknown one", async () => {
    await db.prisma.campaign.create({
      data: { id: "empty", name: "e", suiteSha256: SUITE_SHA, status: "active", target: {} },
    });
    expect(await campaignResults(db, "empty")).toEqual([]);
    expect(await campaignResults(db, "missing")).toBeNull();
  });
});
