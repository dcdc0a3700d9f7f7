import { randomUUID } from "node:crypto";
import { type Db, refreshDeviceModelStats } from "@edgeseg/db";

type Prisma = Db["prisma"];

export const SUITE = "5".repeat(64);

export interface ResultSeed {
  deviceId: string;
  deviceClassId: string;
  modelId: string;
  modelVersion?: string;
  suiteSha256?: string;
  verdict?: "VALID" | "INVALID";
  meanDice?: number | null;
  meanNsd?: number | null;
  perCaseMeanMs?: number | null;
  peakRssMb?: number | null;
  throttled?: boolean | null;
  jobId?: string;
  organs?: Record<string, [dice: number, nsd: number]>;
  reasons?: string[];
  createdAt?: Date;
  /** Answers a job the hub dispatched (default), or was started on the device (false): never ranked. */
  rankable?: boolean;
  stable?: boolean | null;
  backend?: string;
  /** The job's egress audit in bytes (default 20,000); null: the result carries none. */
  egressBytes?: number | null;
  /** The run's fine-tuning figures (Result columns); absent: the run did not fine-tune. */
  fineTuning?: {
    status: "succeeded" | "failed";
    failure?: string;
    stepMs?: number;
    plateauMs?: number;
    peakRssMb?: number;
    diceBefore?: number;
    diceAfter?: number;
  };
}

/**
 * A Result row (and its ResultOrgan rows) written straight to the database, as the hub's
 * upsertResult would leave it — the device's fleet figure refreshed too; the document holds only what
 * the dashboard reads back (reasons).
 */
export async function seedResult(prisma: Prisma, seed: ResultSeed): Promise<string> {
  const id = randomUUID();
  const organs: [string, [number, number]][] = Object.entries(
    seed.organs ?? { liver: [seed.meanDice ?? 0.9, seed.meanNsd ?? 0.85] },
  );
  await prisma.result.create({
    data: {
      id,
      jobId: seed.jobId ?? null,
      deviceId: seed.deviceId,
      deviceClassId: seed.deviceClassId,
      modelId: seed.modelId,
      modelVersion: seed.modelVersion ?? "1.0.0",
      suiteSha256: seed.suiteSha256 ?? SUITE,
      datasetSha256: "d".repeat(64),
      status: "succeeded",
      verdict: seed.verdict ?? "VALID",
      backend: seed.backend ?? "node",
      origin: seed.rankable === false ? "device" : "job",
      rankable: seed.rankable !== false,
      unrankedReason: seed.rankable === false ? "started on the device, not dispatched by the hub" : null,
      stable: seed.stable ?? null,
      egressBytes: seed.egressBytes === undefined ? 20_000 : seed.egressBytes,
      egressMessages: seed.egressBytes === null ? null : 12,
      egressLargestBytes: seed.egressBytes === null ? null : 9_000,
      ...(seed.fineTuning
        ? {
            fineTuningStatus: seed.fineTuning.status,
            fineTuningFailure: seed.fineTuning.failure ?? null,
            fineTuningStepMs: seed.fineTuning.stepMs ?? null,
            fineTuningPlateauMs: seed.fineTuning.plateauMs ?? null,
            fineTuningPeakRssMb: seed.fineTuning.peakRssMb ?? null,
            fineTuningDiceBefore: seed.fineTuning.diceBefore ?? null,
            fineTuningDiceAfter: seed.fineTuning.diceAfter ?? null,
          }
        : {}),
      meanDice: seed.meanDice === undefined ? 0.9 : seed.meanDice,
      meanNsd: seed.meanNsd === undefined ? 0.85 : seed.meanNsd,
      minOrganDice: Math.min(...organs.map(([, [dice]]) => dice)),
      minOrganNsd: Math.min(...organs.map(([, [, nsd]]) => nsd)),
      perCaseMeanMs: seed.perCaseMeanMs === undefined ? 1000 : seed.perCaseMeanMs,
      p50Ms: 20,
      p90Ms: 25,
      p99Ms: 30,
      peakRssMb: seed.peakRssMb === undefined ? 400 : seed.peakRssMb,
      throttled: seed.throttled === undefined ? false : seed.throttled,
      createdAt: seed.createdAt ?? new Date("2026-11-20T10:00:00Z"),
      document: JSON.stringify({
        validity: { verdict: seed.verdict ?? "VALID", reasons: seed.reasons ?? [] },
        failure: null,
      }),
      organs: {
        create: organs.map(([organ, [dice, nsd]], i) => ({
          organ,
          labelValue: i + 1,
          n: 2,
          meanDice: dice,
          meanNsd: nsd,
          meanHd95: 3,
        })),
      },
    },
  });
  await refreshDeviceModelStats(prisma, {
    suiteSha256: seed.suiteSha256 ?? SUITE,
    deviceClassId: seed.deviceClassId,
    modelId: seed.modelId,
    modelVersion: seed.modelVersion ?? "1.0.0",
    deviceId: seed.deviceId,
  });
  return id;
}

/** A registered suite (definition as importSuite stores it, pinning the given models). */
export async function seedSuite(
  prisma: Prisma,
  sha256 = SUITE,
  id = "standard",
  models: { id: string; version: string }[] = [],
): Promise<void> {
  await prisma.suite.create({
    data: {
      sha256,
      id,
      version: "1",
      definition: {
        format: 1,
        dataset: { id: "phantom-abdomen-v1", sha256: "d".repeat(64) },
        models: models.map((m) => ({ ...m, manifestSha256: "c".repeat(64) })),
        suite: {},
      },
    },
  });
}

export async function seedModel(
  prisma: Prisma,
  id: string,
  opts: { version?: string; fineTuning?: boolean } = {},
): Promise<void> {
  await prisma.model.create({
    data: {
      id,
      version: opts.version ?? "1.0.0",
      family: "target-specific",
      pipeline: "semantic-2d",
      manifest: {
        name: id,
        intendedUse: "research only",
        fineTuning: { supported: opts.fineTuning ?? false, notes: "" },
      },
      manifestSha256: "c".repeat(64),
      trained: true,
      license: "MIT",
      fineTuningSupported: opts.fineTuning ?? false,
    },
  });
}
