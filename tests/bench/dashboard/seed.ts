import { statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createDb, migrate, rebuildDeviceModelStats } from "@edgeseg/db";
import Database from "better-sqlite3";
import { insertCatalogue, insertDevices } from "./catalogue-rows.ts";
import { deferIndexes } from "./deferred-indexes.ts";
import { buildFleet, type SimDevice } from "./fleet.ts";
import { insertLiveActivity } from "./live.ts";
import { createRng } from "./prng.ts";
import { insertResults, type ResultCounts } from "./results.ts";
import { inserter } from "./sql.ts";
import { telemetryRows } from "./telemetry.ts";

export interface SeedOptions {
  results: number;
  devices: number;
  /** Results are spread over this many days before now. */
  days: number;
  telemetryDays: number;
  /** Per-case entries in each result document (0 = aggregates only). */
  cases: number;
  seed: number;
  log?: (line: string) => void;
}

export interface Seeded {
  path: string;
  nowMs: number;
  devices: SimDevice[];
  counts: ResultCounts & { telemetryRows: number; liveJobs: number };
  seconds: { results: number; telemetry: number; indexes: number; figures: number; total: number };
  /** DeviceModelStats rows rebuilt from the results (one per suite, class, model and device). */
  figures: number;
  dbBytes: number;
}

/**
 * A hub database in `dir` (`edgeseg.db`), created by the real migrations, then filled straight
 * through better-sqlite3 in large transactions. Journal in memory and synchronous off while loading
 * (nothing to protect in a throw-away file), WAL again at the end as the hub leaves it. The same
 * options and seed give the same rows, with times relative to the moment of seeding.
 */
export async function seedDatabase(dir: string, opts: SeedOptions): Promise<Seeded> {
  const started = performance.now();
  const path = join(dir, "edgeseg.db");
  await migrate(`file:${path}`);
  const nowMs = Date.now();
  const rng = createRng(opts.seed);
  const devices = buildFleet(rng, opts.devices, nowMs, opts.days);
  const db = new Database(path);
  try {
    // Rollback journal in memory while loading (better-sqlite3's defensive mode refuses OFF).
    const mode = db.pragma("journal_mode = MEMORY", { simple: true });
    if (mode !== "memory") throw new Error(`could not keep the journal in memory for loading (got ${mode})`);
    db.pragma("synchronous = OFF");
    db.pragma("cache_size = -1000000");
    db.pragma("temp_store = MEMORY");
    await insertCatalogue(db, nowMs);
    db.transaction(() => insertDevices(db, devices))();
    const restoreIndexes = deferIndexes(db, ["Result", "Job", "Telemetry"]);
    const t0 = performance.now();
    const step = Math.max(1, Math.round(opts.results / 10));
    const counts = insertResults(db, rng, devices, {
      total: opts.results,
      nowMs,
      days: opts.days,
      cases: opts.cases,
      onProgress: (done) => {
        if (done % step < 10_000 || done === opts.results)
          opts.log?.(`results ${done}/${opts.results} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      },
    });
    const t1 = performance.now();
    const addBucket = inserter(db, "Telemetry", [
      "deviceId",
      "bucketStart",
      "bucketSeconds",
      "samples",
      "cpuAvg",
      "cpuMax",
      "memAvgMb",
      "memMaxMb",
      "tempAvgC",
      "tempMaxC",
    ]);
    let telemetry = 0;
    db.transaction(() => {
      for (const device of devices) {
        for (const row of telemetryRows(rng, device, opts.telemetryDays)) {
          addBucket(row);
          telemetry++;
        }
      }
    })();
    const t2 = performance.now();
    restoreIndexes();
    const t3 = performance.now();
    const liveJobs = db.transaction(() => insertLiveActivity(db, rng, devices, nowMs))();
    const violations = db.pragma("foreign_key_check") as unknown[];
    if (violations.length > 0) throw new Error(`seeded rows break ${violations.length} foreign keys`);
    db.pragma("journal_mode = WAL");
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.close();
    // The per-device fleet figures, by packages/db's own rebuild (what the migration's data step runs).
    const prisma = await createDb({ url: `file:${path}` });
    const figures = await rebuildDeviceModelStats(prisma).finally(() => prisma.close());
    const t4 = performance.now();
    opts.log?.(
      `telemetry ${telemetry} rows (${((t2 - t1) / 1000).toFixed(0)} s), indexes ${((t3 - t2) / 1000).toFixed(0)} s, ${figures} device figures ${((t4 - t3) / 1000).toFixed(0)} s`,
    );
    return {
      path,
      nowMs,
      devices,
      counts: { ...counts, telemetryRows: telemetry, liveJobs },
      seconds: {
        results: (t1 - t0) / 1000,
        telemetry: (t2 - t1) / 1000,
        indexes: (t3 - t2) / 1000,
        figures: (t4 - t3) / 1000,
        total: (performance.now() - started) / 1000,
      },
      figures,
      dbBytes: statSync(path).size,
    };
  } finally {
    if (db.open) db.close();
  }
}
