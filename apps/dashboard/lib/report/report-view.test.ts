import { tempDb } from "@edgeseg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedClass, seedDevice } from "../testing/seed.ts";
import { SUITE, seedModel, seedResult, seedSuite } from "../testing/seed-results.ts";
import { campaignReport, leaderboardReport } from "./report-view.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
const PI = "raspberry-pi-4";
const JETSON = "jetson-nano";
const NOW = new Date("2026-12-03T09:15:30.000Z");

beforeAll(async () => {
  db = await tempDb();
  const p = db.prisma;
  await seedClass(p, PI, "Raspberry Pi 4");
  await seedClass(p, JETSON, "Jetson Nano");
  for (const id of ["pi-a", "pi-b", "pi-c"]) await seedDevice(p, id, { deviceClassId: PI });
  await seedDevice(p, "jetson-a", { deviceClassId: JETSON });
  await seedDevice(p, "loose", { deviceClassId: PI });
  await p.device.update({ where: { id: "loose" }, data: { deviceClassId: null } });
  await seedSuite(p, SUITE, "standard", [{ id: "unet", version: "1.0.0" }]);
  await seedModel(p, "unet");
  // unet on three Pis (pi-c's WASM build diverges); sam on one Pi only; tiny only INVALID; one Jetson.
  const pis: [string, number, number, string][] = [
    ["pi-a", 0.9, 2000, "node"],
    ["pi-b", 0.9002, 3000, "node"],
    ["pi-c", 0.85, 9000, "wasm"],
  ];
  for (const [deviceId, meanDice, perCaseMeanMs, backend] of pis) {
    await seedResult(p, { deviceId, deviceClassId: PI, modelId: "unet", meanDice, perCaseMeanMs, backend });
  }
  await seedResult(p, {
    deviceId: "pi-a",
    deviceClassId: PI,
    modelId: "sam",
    meanDice: 0.8,
    perCaseMeanMs: 500,
  });
  await seedResult(p, { deviceId: "pi-a", deviceClassId: PI, modelId: "tiny", verdict: "INVALID" });
  await seedResult(p, { deviceId: "jetson-a", deviceClassId: JETSON, modelId: "unet", perCaseMeanMs: 700 });
});
afterAll(() => db.dispose());

describe("leaderboardReport", () => {
  it("carries the leaderboard's view with the class, date, full suite hash and stable addresses", async () => {
    const report = await leaderboardReport(db, { suiteSha256: SUITE, deviceClassId: PI }, NOW);
    expect(report).not.toBeNull();
    expect(report!.generatedAt).toBe("2026-12-03T09:15:30.000Z");
    expect(report!.title).toBe("Fleet report: Raspberry Pi 4 · standard@1");
    const [section] = report!.classes;
    expect(section).toMatchObject({ classId: PI, className: "Raspberry Pi 4", devices: 3 });
    expect(section!.suite).toEqual({ sha256: SUITE, label: "standard@1", registered: true });
    expect(report!.paths).toEqual({
      leaderboard: `/leaderboard?suite=${SUITE}&class=${PI}`,
      html: `/leaderboard/report?suite=${SUITE}&class=${PI}`,
      pdf: `/leaderboard/report.pdf?suite=${SUITE}&class=${PI}`,
    });
    expect(section!.policy).toMatchObject({ memoryBudgetMb: 1536, caseTimeBudgetS: 300, fleetQuantile: 0.9 });
    expect(section!.view?.fleetRule).toMatch(/^90 % of the class's devices must meet/);
    expect(section!.view?.formula).toMatch(/^score = /);
  });

  it("lists each model with its manifest hash, and each device's figure with the consistency flag", async () => {
    const [section] = (await leaderboardReport(db, { suiteSha256: SUITE, deviceClassId: PI }, NOW))!.classes;
    expect(section!.models.map((m) => [m.label, m.ranked, m.manifestSha256])).toEqual([
      ["unet@1.0.0", true, "c".repeat(64)],
      ["sam@1.0.0", true, null],
      ["tiny@1.0.0", false, null],
    ]);
    const unet = section!.view!.rows.find((r) => r.modelId === "unet")!;
    // The class's median device: 3000 ms of 2000 / 3000 / 9000; p90 by type 7 is 7800 ms.
    expect(unet.perCase).toMatchObject({ median: 3000, min: 2000, max: 9000, devices: 3 });
    expect(unet.perCase.p90).toBeCloseTo(7800, 9);
    expect(unet.perDevice.map((d) => [d.deviceId, d.perCaseMeanMs, d.meanDice, d.runs, d.backends])).toEqual([
      ["pi-a", 2000, 0.9, 1, ["node"]],
      ["pi-b", 3000, 0.9002, 1, ["node"]],
      ["pi-c", 9000, 0.85, 1, ["wasm"]],
    ]);
    expect(unet.consistency.map((c) => c.deviceId)).toEqual(["pi-c"]);
    expect(section!.deviceNames).toEqual({ "pi-a": "pi-a", "pi-b": "pi-b", "pi-c": "pi-c" });
    const sam = section!.view!.rows.find((r) => r.modelId === "sam")!;
    expect(sam.devices).toBe(1);
  });

  it("reports a selection without results as empty rather than another selection", async () => {
    const other = "7".repeat(64);
    const report = await leaderboardReport(db, { suiteSha256: other, deviceClassId: PI }, NOW);
    expect(report!.classes[0]!.suite.sha256).toBe(other);
    expect(report!.classes[0]!.view?.rows).toEqual([]);
    const unknown = await leaderboardReport(db, { suiteSha256: SUITE, deviceClassId: "no-such-class" }, NOW);
    expect(unknown!.classes[0]).toMatchObject({ view: null, policy: null });
  });
});

describe("campaignReport", () => {
  it("has the campaign's suite on every class its devices belong to, its models marked", async () => {
    const campaign = await db.prisma.campaign.create({
      data: { name: "Pi and Jetson", suiteSha256: SUITE, status: "completed", target: {} },
    });
    for (const deviceId of ["pi-a", "jetson-a", "loose"]) {
      await db.prisma.job.create({
        data: {
          campaignId: campaign.id,
          deviceId,
          modelId: "unet",
          modelVersion: "1.0.0",
          timeoutMs: 60_000,
        },
      });
    }
    const report = await campaignReport(db, campaign.id, NOW);
    expect(report).toMatchObject({
      kind: "campaign",
      title: "Fleet report: campaign Pi and Jetson · standard@1",
      generatedAt: NOW.toISOString(),
      paths: {
        leaderboard: null,
        html: `/campaigns/${campaign.id}/report`,
        pdf: `/campaigns/${campaign.id}/report.pdf`,
      },
    });
    expect(report!.campaign).toMatchObject({
      name: "Pi and Jetson",
      devicesWithoutClass: 1,
      classesWithoutResults: [],
    });
    expect(report!.classes.map((c) => [c.classId, c.devices])).toEqual([
      [JETSON, 1],
      [PI, 3],
    ]);
    const pi = report!.classes[1]!;
    expect(pi.models.filter((m) => m.inCampaign).map((m) => m.label)).toEqual(["unet@1.0.0"]);
    expect(pi.paths.leaderboard).toBe(`/leaderboard?suite=${SUITE}&class=${PI}`);
    expect(await campaignReport(db, "no-such-campaign", NOW)).toBeNull();
  });
});
