/**
 * Test helpers for the registry and dispatcher: a migrated temporary database, copies of the
 * engine's fixture models, a suite.json pinning them, and devices. Real files and a real database.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Db } from "@edgeseg/db";
import { tempDb } from "@edgeseg/db/testing";
import { sha256Bytes } from "@edgeseg/engine-core";

const FIXTURE_MODELS = resolve(import.meta.dirname, "../../../bench/fixtures/models");

export interface TestEnv {
  db: Db;
  dir: string;
  url: string;
  artifactsDir: string;
  dispose(): Promise<void>;
}

/** @edgeseg/db's temporary database, with an artifacts directory in its temporary directory. */
export async function testEnv(): Promise<TestEnv> {
  const db = await tempDb();
  return { db, dir: db.dir, url: db.url, artifactsDir: join(db.dir, "artifacts"), dispose: db.dispose };
}

/** Copies a fixture model folder ("threshold-seg" or "box-prompt") and returns its manifest path. */
export function copyModel(dir: string, name: "threshold-seg" | "box-prompt"): string {
  const target = join(dir, "models", name);
  cpSync(join(FIXTURE_MODELS, name), target, { recursive: true });
  return join(target, "manifest.json");
}

export const DATASET_SHA256 = "d".repeat(64);

/** A suite.json in `dir` pinning both fixture models; returns its path. */
export function writeSuite(dir: string, version = "1"): string {
  const models = (["threshold-seg", "box-prompt"] as const).map((name) => {
    const manifest = copyModel(dir, name);
    return {
      id: name,
      manifest: `models/${name}/manifest.json`,
      sha256: sha256Bytes(readFileSync(manifest)),
    };
  });
  const suite = {
    id: "test-suite",
    version,
    name: "Test suite",
    dataset: {
      generator: "phantom-abdomen-v1",
      generatorVersion: "1",
      seed: 1,
      split: "test",
      cases: 2,
      sha256: DATASET_SHA256,
    },
    models,
    scenarios: {
      singleStream: { minDurationMs: 100, minQueries: 5, maxDurationMs: 1000 },
      offline: { batchSize: 1, minQueries: 2 },
      warmupQueries: 1,
    },
    accuracy: { nsdToleranceMm: 2, metrics: ["dsc", "nsd"] },
  };
  const path = join(dir, "suite.json");
  writeFileSync(path, `${JSON.stringify(suite, null, 2)}\n`);
  return path;
}

export interface DeviceSeed {
  classId?: string;
  tags?: string[];
  online?: boolean;
  status?: "pending" | "active" | "disabled";
}

export async function seedDevice(db: Db, id: string, seed: DeviceSeed = {}): Promise<void> {
  const classId = seed.classId ?? "rpi4-4gb";
  await db.prisma.deviceClass.upsert({
    where: { id: classId },
    update: {},
    create: {
      id: classId,
      name: classId,
      memoryBudgetMb: 1024,
      caseTimeBudgetS: 60,
      diceThreshold: 0.7,
      nsdThreshold: 0.7,
    },
  });
  await db.prisma.device.create({
    data: {
      id,
      name: id,
      secretHash: "unused",
      status: seed.status ?? "active",
      deviceClassId: classId,
      online: seed.online ?? false,
      tags: { create: (seed.tags ?? []).map((tag) => ({ tag })) },
    },
  });
}
