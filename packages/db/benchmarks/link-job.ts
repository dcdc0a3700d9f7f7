/**
 * What deciding rankability costs at ingest: linkJob alone inside the result's transaction (reads the
 * document back, compares it with the job, looks up the review baselines, links and closes the job),
 * and whole upsertResult calls for a run that answers its job against a device-initiated run (no job;
 * the dispatched one also refreshes the device's fleet figure). Runs alternate between 8 devices of
 * one class, so the baselines grow as a fleet's would. Temporary database, removed at the end.
 *
 *   npm run bench:link-job [-- <runs, default 400>]
 */
import { performance } from "node:perf_hooks";
import { linkJob } from "../src/queries/link-job.ts";
import { resultRow } from "../src/queries/result-row.ts";
import { upsertResult } from "../src/queries/upsert-result.ts";
import { seedModel } from "../src/testing/dispatch.ts";
import { resultDocument, SUITE_SHA } from "../src/testing/result-document.ts";
import { seedDevice, tempDb } from "../src/testing/temp-db.ts";

const RUNS = Number(process.argv[2] ?? 400);
const db = await tempDb();
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p90: s[Math.floor(s.length * 0.9)]! };
};
const organDice = { liver: 0.9, spleen: 0.85, kidney_l: 0.8, kidney_r: 0.81, pancreas: 0.6, aorta: 0.88 };

try {
  const devices = Array.from({ length: 8 }, (_, i) => `pi-${i}`);
  for (const d of devices) await seedDevice(db, d, "raspberry-pi-4");
  await db.prisma.suite.create({ data: { sha256: SUITE_SHA, id: "standard", version: "1", definition: {} } });
  await seedModel(db, "unet-small", "1.0.0", "c".repeat(64));
  const campaign = await db.prisma.campaign.create({
    data: { name: "bench", suiteSha256: SUITE_SHA, status: "active", target: {}, overrides: { maxCases: 2 } },
  });
  await db.prisma.job.createMany({
    data: Array.from({ length: 2 * RUNS }, (_, i) => ({
      id: `job-${i}`,
      campaignId: campaign.id,
      deviceId: devices[i % devices.length]!,
      modelId: "unet-small",
      modelVersion: "1.0.0",
      status: "running" as const,
      timeoutMs: 60_000,
    })),
  });
  const dispatched: number[] = [];
  const own: number[] = [];
  const link: number[] = [];
  let rankable = 0;
  for (let i = 0; i < RUNS; i++) {
    const deviceId = devices[i % devices.length]!;
    const ctx = { deviceId, deviceClassId: "raspberry-pi-4" };
    const a = resultDocument({ organDice, maxCases: 2, perCaseMeanMs: 1000 + (i % 7) * 10 });
    let t = performance.now();
    await upsertResult(db, a, { ...ctx, jobId: `job-${i}` });
    dispatched.push(performance.now() - t);
    const b = resultDocument({ organDice, maxCases: 2, perCaseMeanMs: 1000 + (i % 7) * 10 });
    t = performance.now();
    await upsertResult(db, b, ctx);
    own.push(performance.now() - t);
    const c = resultDocument({ organDice, maxCases: 2, perCaseMeanMs: 1000 + (i % 7) * 10 });
    const linked = { ...ctx, jobId: `job-${RUNS + i}` };
    await db.prisma.$transaction(async (tx) => {
      await tx.result.create({ data: resultRow(c, linked), select: { id: true } });
      const t0 = performance.now();
      await linkJob(tx, c.resultId, true, linked);
      link.push(performance.now() - t0);
    });
  }
  rankable = await db.prisma.result.count({ where: { rankable: true } });
  const bytes = JSON.stringify(resultDocument({ organDice, maxCases: 2 })).length;
  const d = stats(dispatched);
  const o = stats(own);
  const l = stats(link);
  console.log(`${RUNS} runs of each kind, document ${bytes} bytes, ${rankable} rankable stored`);
  console.log(
    `linkJob alone:                    median ${l.median.toFixed(2)} ms, p90 ${l.p90.toFixed(2)} ms`,
  );
  console.log(
    `upsertResult, answering its job:   median ${d.median.toFixed(2)} ms, p90 ${d.p90.toFixed(2)} ms`,
  );
  console.log(
    `upsertResult, device-initiated:    median ${o.median.toFixed(2)} ms, p90 ${o.p90.toFixed(2)} ms`,
  );
} finally {
  await db.dispose();
}
