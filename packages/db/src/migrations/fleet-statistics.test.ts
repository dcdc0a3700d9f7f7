import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../client.ts";
import { defaultMigrationsDir, migrate } from "../migrate.ts";

// A database from before the fleet statistics, with results in it, upgraded: the migration marks the
// results that answered their jobs as rankable and its data step builds the per-device figures.
const FLEET = "20261203080000_fleet_statistics";
const SUITE = "a".repeat(64);
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "edgeseg-fleet-migration-"));
  const older = join(dir, "older");
  cpSync(defaultMigrationsDir, older, {
    recursive: true,
    filter: (src) => {
      const name = src.split(/[/\\]/).pop() ?? "";
      return !/^\d{14}_/.test(name) || name < FLEET;
    },
  });
  const url = `file:${join(dir, "edgeseg.db")}`;
  await migrate(url, { migrationsDir: older });
  const raw = new Database(join(dir, "edgeseg.db"));
  raw.exec(`
    INSERT INTO "DeviceClass" ("id", "name", "memoryBudgetMb", "caseTimeBudgetS", "diceThreshold", "nsdThreshold")
      VALUES ('raspberry-pi-4', 'Raspberry Pi 4', 1536, 300, 0.8, 0.8);
    INSERT INTO "Device" ("id", "name", "secretHash", "deviceClassId") VALUES ('pi', 'pi', 'x', 'raspberry-pi-4');
    INSERT INTO "Suite" ("sha256", "id", "version", "definition") VALUES ('${SUITE}', 'standard', '1', '{}');
    INSERT INTO "Model" ("id", "version", "family", "pipeline", "manifest", "manifestSha256", "trained", "license", "fineTuningSupported")
      VALUES ('unet', '1.0.0', 'target-specific', 'semantic-2d', '{}', '${"c".repeat(64)}', 1, 'MIT', 0);
    INSERT INTO "Campaign" ("id", "name", "suiteSha256", "target") VALUES ('camp', 'c', '${SUITE}', '{}');
    INSERT INTO "Job" ("id", "campaignId", "deviceId", "modelId", "modelVersion", "timeoutMs", "status")
      VALUES ('job-1', 'camp', 'pi', 'unet', '1.0.0', 60000, 'succeeded'),
             ('job-2', 'camp', 'pi', 'unet', '1.0.0', 60000, 'succeeded');
  `);
  const result = raw.prepare(`
    INSERT INTO "Result" ("id", "jobId", "deviceId", "deviceClassId", "modelId", "modelVersion", "suiteSha256",
      "datasetSha256", "status", "verdict", "backend", "meanDice", "meanNsd", "perCaseMeanMs", "peakRssMb",
      "throttled", "createdAt", "document")
    VALUES (?, ?, 'pi', 'raspberry-pi-4', ?, '1.0.0', '${SUITE}', '${"e".repeat(64)}', 'succeeded', 'VALID',
      'node', 0.9, 0.85, ?, 400, 0, '2026-11-20T10:00:00.000+00:00', '{}')`);
  result.run("r-job-1", "job-1", "unet", 1000);
  result.run("r-job-2", "job-2", "unet", 3000);
  result.run("r-own", null, "unet", 10);
  raw.close();
  expect((await migrate(url)).applied).toContain(FLEET);
  db = await createDb({ url });
}, 60_000);
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`migration ${FLEET}`, () => {
  it("marks results that answered their jobs rankable and keeps the others with the reason", async () => {
    const rows = await db.prisma.result.findMany({
      orderBy: { id: "asc" },
      select: { id: true, origin: true, rankable: true, unrankedReason: true },
    });
    expect(rows).toEqual([
      { id: "r-job-1", origin: "job", rankable: true, unrankedReason: null },
      { id: "r-job-2", origin: "job", rankable: true, unrankedReason: null },
      {
        id: "r-own",
        origin: "device",
        rankable: false,
        unrankedReason: "started on the device, not dispatched by the hub",
      },
    ]);
  });

  it("builds each device's figure from its rankable runs right after the SQL", async () => {
    const stats = await db.prisma.deviceModelStats.findMany();
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({
      deviceId: "pi",
      modelId: "unet",
      runs: 2,
      perCaseMeanMs: 2000,
      bestPerCaseMs: 1000,
      bestResultId: "r-job-1",
      medianResultId: "r-job-1",
    });
  });
});
