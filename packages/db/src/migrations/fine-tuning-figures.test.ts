import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../client.ts";
import { defaultMigrationsDir, migrate } from "../migrate.ts";

// A database from before the fine-tuning figures, with audited and unaudited results, upgraded: the
// migration copies each audit's message count and largest message from the stored document and its
// data step rebuilds the per-device figures with them.
const FIGURES = "20261203124500_fine_tuning_figures";
const SUITE = "a".repeat(64);
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "edgeseg-fine-tuning-migration-"));
  const older = join(dir, "older");
  cpSync(defaultMigrationsDir, older, {
    recursive: true,
    filter: (src) => {
      const name = src.split(/[/\\]/).pop() ?? "";
      return !/^\d{14}_/.test(name) || name < FIGURES;
    },
  });
  const url = `file:${join(dir, "edgeseg.db")}`;
  await migrate(url, { migrationsDir: older });
  const raw = new Database(join(dir, "edgeseg.db"));
  raw.exec(`
    INSERT INTO "DeviceClass" ("id", "name", "memoryBudgetMb", "caseTimeBudgetS", "diceThreshold", "nsdThreshold")
      VALUES ('raspberry-pi-4', 'Raspberry Pi 4', 1536, 300, 0.8, 0.8);
    INSERT INTO "Device" ("id", "name", "secretHash", "deviceClassId") VALUES ('pi', 'pi', 'x', 'raspberry-pi-4');
  `);
  const result = raw.prepare(`
    INSERT INTO "Result" ("id", "deviceId", "deviceClassId", "modelId", "modelVersion", "suiteSha256",
      "datasetSha256", "status", "verdict", "backend", "meanDice", "meanNsd", "perCaseMeanMs", "peakRssMb",
      "egressBytes", "rankable", "origin", "createdAt", "document")
    VALUES (?, 'pi', 'raspberry-pi-4', 'unet', '1.0.0', '${SUITE}', '${"e".repeat(64)}', 'succeeded', 'VALID',
      'node', 0.9, 0.85, 1000, 400, ?, 1, 'job', '2026-11-20T10:00:00.000+00:00', ?)`);
  const doc = (messages: number, largest: number) =>
    JSON.stringify({ egress: { bytesOut: 20_000, messages, largestMessageBytes: largest } });
  result.run("r-1", 20_000, doc(12, 9_000));
  result.run("r-2", 18_000, doc(17, 4_000));
  result.run("r-3", null, "{}");
  raw.close();
  expect((await migrate(url)).applied).toContain(FIGURES);
  db = await createDb({ url });
}, 60_000);
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`migration ${FIGURES}`, () => {
  it("copies the audit's message count and largest message from each stored document", async () => {
    const rows = await db.prisma.result.findMany({
      orderBy: { id: "asc" },
      select: { id: true, egressMessages: true, egressLargestBytes: true, fineTuningStatus: true },
    });
    expect(rows).toEqual([
      { id: "r-1", egressMessages: 12, egressLargestBytes: 9_000, fineTuningStatus: null },
      { id: "r-2", egressMessages: 17, egressLargestBytes: 4_000, fineTuningStatus: null },
      { id: "r-3", egressMessages: null, egressLargestBytes: null, fineTuningStatus: null },
    ]);
  });

  it("rebuilds the device's figure with them; no run fine-tuned", async () => {
    const stats = await db.prisma.deviceModelStats.findMany();
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({
      runs: 3,
      egressAuditedRuns: 2,
      egressMaxBytes: 20_000,
      egressMaxMessages: 17,
      egressLargestBytes: 9_000,
      fineTuningRuns: 0,
      fineTuningStepMs: null,
    });
  });
});
