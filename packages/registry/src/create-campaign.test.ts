import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cancelCampaign } from "./cancel-campaign.ts";
import { createCampaign } from "./create-campaign.ts";
import { importSuite } from "./import-suite.ts";
import { seedDevice, type TestEnv, testEnv, writeSuite } from "./testing/index.ts";

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
  await importSuite(env.db, env.artifactsDir, writeSuite(env.dir));
  await seedDevice(env.db, "pi4-a", { classId: "rpi4-4gb", tags: ["clinic-a"] });
  await seedDevice(env.db, "pi4-b", { classId: "rpi4-4gb", tags: ["clinic-b"] });
  await seedDevice(env.db, "pi4-off", { classId: "rpi4-4gb", status: "disabled" });
  await seedDevice(env.db, "nano-a", { classId: "jetson-nano", tags: ["clinic-a"] });
  await seedDevice(env.db, "laptop-1", { classId: "x86-laptop-old" });
});
afterEach(() => env.dispose());

const base = { name: "Nightly", suiteId: "test-suite", modelIds: ["threshold-seg"] };

async function targeted(jobIds: string[]): Promise<string[]> {
  const jobs = await env.db.prisma.job.findMany({
    where: { id: { in: jobIds } },
    select: { deviceId: true },
  });
  return jobs.map((j) => j.deviceId).sort();
}

describe("createCampaign", () => {
  it("targets active devices of a class, one queued job per device and model", async () => {
    const created = await createCampaign(env.db, {
      ...base,
      modelIds: ["threshold-seg", "box-prompt"],
      target: { deviceClassIds: ["rpi4-4gb"] },
    });
    expect(created.jobIds).toHaveLength(4);
    const jobs = await env.db.prisma.job.findMany({ where: { campaignId: created.campaignId } });
    expect(jobs.map((j) => `${j.deviceId} ${j.modelId}`).sort()).toEqual([
      "pi4-a box-prompt",
      "pi4-a threshold-seg",
      "pi4-b box-prompt",
      "pi4-b threshold-seg",
    ]);
    expect(jobs.every((j) => j.status === "queued" && j.attempts === 0 && j.maxAttempts === 3)).toBe(true);
    const campaign = await env.db.prisma.campaign.findUniqueOrThrow({ where: { id: created.campaignId } });
    expect(campaign.status).toBe("active");
  });

  it("targets by tag and by explicit id, as a union", async () => {
    const byTag = await createCampaign(env.db, { ...base, target: { tags: ["clinic-a"] } });
    expect(await targeted(byTag.jobIds)).toEqual(["nano-a", "pi4-a"]);
    const byId = await createCampaign(env.db, { ...base, target: { deviceIds: ["laptop-1"] } });
    expect(await targeted(byId.jobIds)).toEqual(["laptop-1"]);
    const union = await createCampaign(env.db, {
      ...base,
      target: { deviceClassIds: ["jetson-nano"], tags: ["clinic-b"], deviceIds: ["laptop-1"] },
    });
    expect(await targeted(union.jobIds)).toEqual(["laptop-1", "nano-a", "pi4-b"]);
  });

  it("stores overrides, attempts and timeout", async () => {
    const created = await createCampaign(env.db, {
      ...base,
      target: { deviceIds: ["pi4-a"] },
      scenarioOverrides: { maxCases: 1 },
      maxAttempts: 5,
      timeoutMs: 60_000,
    });
    const job = await env.db.prisma.job.findUniqueOrThrow({ where: { id: created.jobIds[0] as string } });
    expect(job).toMatchObject({ maxAttempts: 5, timeoutMs: 60_000, modelVersion: "1.0.0" });
    const campaign = await env.db.prisma.campaign.findUniqueOrThrow({ where: { id: created.campaignId } });
    expect(campaign.overrides).toEqual({ maxCases: 1 });
  });

  it("takes fine-tuning overrides for a suite with a fineTuning scenario, within its test split", async () => {
    await importSuite(env.db, env.artifactsDir, "standard-v1");
    const tuned = {
      ...base,
      suiteId: "standard-v1",
      modelIds: ["unet2d-small"],
      target: { deviceIds: ["pi4-a"] },
    };
    const fineTuning = { trainSlices: 4, validationSlices: 2, epochs: 1, maxSteps: 2, testCases: 1 };
    const created = await createCampaign(env.db, { ...tuned, scenarioOverrides: { fineTuning } });
    const campaign = await env.db.prisma.campaign.findUniqueOrThrow({ where: { id: created.campaignId } });
    expect(campaign.overrides).toEqual({ fineTuning });
    await expect(
      createCampaign(env.db, { ...tuned, scenarioOverrides: { fineTuning: { testCases: 3 } } }),
    ).rejects.toMatchObject({
      code: "INPUT",
      message:
        "invalid campaign: scenarioOverrides.fineTuning.testCases: 3 is more than the 2 cases of the suite's fine-tuning test split",
    });
    await expect(
      createCampaign(env.db, {
        ...base,
        target: { deviceIds: ["pi4-a"] },
        scenarioOverrides: { fineTuning },
      }),
    ).rejects.toMatchObject({
      code: "INPUT",
      message: expect.stringContaining("this suite has no fineTuning scenario"),
    });
    await expect(
      createCampaign(env.db, { ...tuned, scenarioOverrides: { fineTuning: { maxSteps: 0 } } }),
    ).rejects.toMatchObject({
      code: "INPUT",
      message: expect.stringContaining("scenarioOverrides.fineTuning.maxSteps"),
    });
    expect(await env.db.prisma.campaign.count()).toBe(1);
  });

  it("refuses a target nothing matches, naming what was asked", async () => {
    await expect(createCampaign(env.db, { ...base, target: { tags: ["nowhere"] } })).rejects.toMatchObject({
      code: "INPUT",
      message: expect.stringContaining(
        "no active device matches the campaign target (device classes: none; tags: nowhere)",
      ),
    });
    expect(await env.db.prisma.campaign.count()).toBe(0);
  });

  it("refuses disabled or unknown explicit devices, empty targets, unknown models and suites", async () => {
    await expect(
      createCampaign(env.db, { ...base, target: { deviceIds: ["pi4-off"] } }),
    ).rejects.toMatchObject({
      code: "INPUT",
      message: expect.stringContaining("pi4-off (disabled)"),
    });
    await expect(createCampaign(env.db, { ...base, target: { deviceIds: ["ghost"] } })).rejects.toMatchObject(
      {
        code: "NOT_FOUND",
      },
    );
    await expect(createCampaign(env.db, { ...base, target: {} })).rejects.toMatchObject({
      code: "INPUT",
      message: expect.stringContaining("name at least one device class, tag or device id"),
    });
    await expect(
      createCampaign(env.db, { ...base, modelIds: ["nope"], target: { deviceIds: ["pi4-a"] } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("model nope") });
    await expect(
      createCampaign(env.db, { ...base, suiteId: "other", target: { deviceIds: ["pi4-a"] } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining('suite "other"') });
    await expect(
      createCampaign(env.db, { ...base, target: { deviceIds: ["pi4-a"] }, timeoutMs: -1 }),
    ).rejects.toMatchObject({ code: "INPUT", message: expect.stringContaining("timeoutMs") });
  });
});

describe("cancelCampaign", () => {
  it("cancels queued jobs and leaves device-held ones for the dispatcher", async () => {
    const created = await createCampaign(env.db, { ...base, target: { deviceClassIds: ["rpi4-4gb"] } });
    await env.db.prisma.job.update({
      where: { id: created.jobIds[0] as string },
      data: { status: "running", attempts: 1 },
    });
    const cancelled = await cancelCampaign(env.db, created.campaignId);
    expect(cancelled).toEqual({ campaignId: created.campaignId, cancelledQueued: 1, pendingOnDevices: 1 });
    const statuses = await env.db.prisma.job.findMany({
      where: { campaignId: created.campaignId },
      orderBy: { deviceId: "asc" },
    });
    expect(statuses.map((j) => j.status)).toEqual(["running", "cancelled"]);
    await expect(cancelCampaign(env.db, "missing")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
