import { hashToken } from "@edgeseg/db";
import type Database from "better-sqlite3";
import { MODELS, SUITES } from "./catalogue.ts";
import type { SimDevice } from "./fleet.ts";
import type { Rng } from "./prng.ts";
import { cuid } from "./results.ts";
import { inserter } from "./sql.ts";

/**
 * What is going on right now: one active campaign whose jobs are running (with a progress report),
 * delivered or queued on about a third of the online devices, and a few enrolment tokens. Returns
 * the number of jobs in flight.
 */
export function insertLiveActivity(
  db: Database.Database,
  rng: Rng,
  devices: SimDevice[],
  nowMs: number,
): number {
  const suite = SUITES[0]!;
  const campaignId = "bench-live-campaign";
  inserter(db, "Campaign", ["id", "name", "suiteSha256", "status", "target", "createdAt"])({
    id: campaignId,
    name: "standard suite, all classes (running)",
    suiteSha256: suite.sha256,
    status: "active",
    target: { tags: ["radiology"] },
    createdAt: new Date(nowMs - 3_600_000),
  });
  const job = inserter(db, "Job", [
    "id",
    "campaignId",
    "deviceId",
    "modelId",
    "modelVersion",
    "status",
    "attempts",
    "maxAttempts",
    "deliveredAt",
    "ackedAt",
    "startedAt",
    "timeoutMs",
    "progressPhase",
    "progressDone",
    "progressTotal",
    "progressAt",
    "createdAt",
  ]);
  let jobs = 0;
  for (const device of devices.filter((d) => d.online && rng.chance(0.35))) {
    const model = MODELS[rng.pick(suite.models)]!;
    const status = rng.weighted([
      ["running", 6],
      ["delivered", 2],
      ["queued", 2],
    ] as const);
    const delivered = status === "queued" ? null : new Date(nowMs - 60_000 - rng.int(1_800_000));
    const total = suite.dataset.cases;
    job({
      id: cuid(rng),
      campaignId,
      deviceId: device.id,
      modelId: model.id,
      modelVersion: model.version,
      status,
      attempts: status === "queued" ? 0 : 1,
      maxAttempts: 3,
      deliveredAt: delivered,
      ackedAt: delivered,
      startedAt: status === "running" ? delivered : null,
      timeoutMs: 3_600_000,
      progressPhase: status === "running" ? "accuracy" : null,
      progressDone: status === "running" ? rng.int(total) : null,
      progressTotal: status === "running" ? total : null,
      progressAt: status === "running" ? new Date(nowMs - rng.int(20_000)) : null,
      createdAt: new Date(nowMs - 3_600_000),
    });
    jobs++;
  }
  const token = inserter(db, "EnrollmentToken", [
    "id",
    "tokenHash",
    "expiresAt",
    "requiresApproval",
    "createdAt",
  ]);
  for (let i = 0; i < 5; i++) {
    token({
      id: cuid(rng),
      tokenHash: hashToken(rng.text(43, "abcdefghijklmnopqrstuvwxyz0123456789")),
      expiresAt: new Date(nowMs + (i - 2) * 86_400_000),
      requiresApproval: i % 2 === 0,
      createdAt: new Date(nowMs - 86_400_000),
    });
  }
  return jobs;
}
