import { resultDocumentSchema } from "@edgeseg/protocol";
import type Database from "better-sqlite3";
import { resultRow } from "../../../packages/db/src/queries/result-row.ts";
import { CLASSES, MODELS, ORGANS, SUITES, type SuiteTraits } from "./catalogue.ts";
import { resultDocument } from "./document.ts";
import type { SimDevice } from "./fleet.ts";
import type { Rng } from "./prng.ts";
import { simulateRun } from "./run-outcome.ts";
import { inserter, sqlTime } from "./sql.ts";

export interface ResultCounts {
  results: number;
  valid: number;
  invalid: number;
  failed: number;
  organRows: number;
  jobs: number;
  campaigns: number;
  /** Results per `suiteSha256/deviceClassId`. */
  slices: Map<string, number>;
}

const DAY_MS = 86_400_000;
const RESULT_COLUMNS = [
  "id",
  "jobId",
  "deviceId",
  "deviceClassId",
  "modelId",
  "modelVersion",
  "suiteSha256",
  "datasetSha256",
  "status",
  "verdict",
  "backend",
  "meanDice",
  "meanNsd",
  "minOrganDice",
  "minOrganNsd",
  "perCaseMeanMs",
  "p50Ms",
  "p90Ms",
  "p99Ms",
  "peakRssMb",
  "throttled",
  "stable",
  "p50Cov",
  "energyPerCaseJ",
  "ramGbS",
  "egressBytes",
  "egressMessages",
  "egressLargestBytes",
  "origin",
  "rankable",
  "unrankedReason",
  "review",
  "createdAt",
  "receivedAt",
  "document",
] as const;
const JOB_COLUMNS = [
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
  "finishedAt",
  "timeoutMs",
  "createdAt",
] as const;
const ORGAN_COLUMNS = ["resultId", "organ", "labelValue", "n", "meanDice", "meanNsd", "meanHd95"] as const;
/** Prisma's cuid(): "c" and 24 base-36 characters. */
export const cuid = (rng: Rng) => `c${rng.text(24, "0123456789abcdefghijklmnopqrstuvwxyz")}`;

/**
 * `total` results spread evenly in time over the `days` before `nowMs`, each from a campaign job
 * (one campaign per suite and week), written as upsertResult writes them: the columns come from
 * packages/db's own resultRow(), the document is the whole JSON. Every 997th document is checked
 * against the protocol's schema. Commits every `batch` results; `onProgress` after each commit.
 */
export function insertResults(
  db: Database.Database,
  rng: Rng,
  devices: SimDevice[],
  opts: {
    total: number;
    nowMs: number;
    days: number;
    cases: number;
    batch?: number;
    onProgress?: (done: number) => void;
  },
): ResultCounts {
  const addResult = inserter(db, "Result", RESULT_COLUMNS);
  const addJob = inserter(db, "Job", JOB_COLUMNS);
  const addOrgan = inserter(db, "ResultOrgan", ORGAN_COLUMNS);
  const addCampaign = inserter(db, "Campaign", [
    "id",
    "name",
    "suiteSha256",
    "status",
    "target",
    "createdAt",
  ]);
  const counts: ResultCounts = {
    results: 0,
    valid: 0,
    invalid: 0,
    failed: 0,
    organRows: 0,
    jobs: 0,
    campaigns: 0,
    slices: new Map(),
  };
  const byClass = new Map(
    CLASSES.map((c) => [c.id, devices.filter((d) => d.cls.id === c.id && d.status !== "pending")]),
  );
  const classWeights = CLASSES.map((c) => [c.id, c.share] as const);
  const suiteWeights = SUITES.map((s) => [s, s.share] as const);
  const modelWeights = new Map(
    SUITES.map((s) => [s, s.models.map((i) => [MODELS[i]!, MODELS[i]!.weight] as const)]),
  );
  const organOffsets = ORGANS.map(([, , offset]) => offset);
  const campaigns = new Set<string>();
  const startMs = opts.nowMs - opts.days * DAY_MS;
  const stepMs = (opts.days * DAY_MS) / opts.total;
  const batch = opts.batch ?? 10_000;

  const campaignOf = (suite: SuiteTraits, t: number) => {
    const week = Math.floor((t - startMs) / (7 * DAY_MS));
    const id = `bench-${suite.id}-week-${String(week).padStart(2, "0")}`;
    const createdAt = startMs + week * 7 * DAY_MS;
    if (!campaigns.has(id)) {
      campaigns.add(id);
      addCampaign({
        id,
        name: `${suite.id} weekly ${week}`,
        suiteSha256: suite.sha256,
        status: "completed",
        target: { deviceClassIds: CLASSES.map((c) => c.id) },
        createdAt: new Date(createdAt),
      });
    }
    return { id, createdAt };
  };

  const one = (i: number) => {
    const t = Math.floor(startMs + (i + rng.next()) * stepMs);
    const suite = rng.weighted(suiteWeights);
    const model = rng.weighted(modelWeights.get(suite)!);
    const pool = byClass.get(rng.weighted(classWeights))!;
    let device = rng.pick(pool);
    for (let tries = 0; device.lastSeenMs < t + 60_000 && tries < 20; tries++) device = rng.pick(pool);
    const run = simulateRun(rng, device, model, suite, organOffsets);
    const doc = resultDocument(rng.uuid(), new Date(t), device, model, suite, run, opts.cases);
    if (i % 997 === 0) resultDocumentSchema.parse(doc);
    const jobId = cuid(rng);
    const runMs = (doc.resources?.wallMs ?? 60_000) + 5_000;
    const campaign = campaignOf(suite, t);
    addJob({
      id: jobId,
      campaignId: campaign.id,
      deviceId: device.id,
      modelId: model.id,
      modelVersion: model.version,
      status: doc.status,
      attempts: 1,
      maxAttempts: 3,
      deliveredAt: sqlTime(t - runMs),
      ackedAt: sqlTime(t - runMs + 400),
      startedAt: sqlTime(t - runMs + 3_000),
      finishedAt: sqlTime(t + 1_500),
      timeoutMs: 3_600_000,
      createdAt: sqlTime(Math.max(campaign.createdAt, t - runMs - rng.int(6 * 3_600_000))),
    });
    const { organs, ...row } = resultRow(doc, { deviceId: device.id, deviceClassId: device.cls.id });
    // As linkJob leaves a result that answers the job dispatched to its device for its model and suite.
    addResult({
      ...row,
      jobId,
      origin: "job",
      rankable: true,
      unrankedReason: null,
      receivedAt: new Date(t + 1_000 + rng.int(2_000)),
    });
    const organRows = (organs?.create ?? []) as Record<string, unknown>[];
    for (const organ of organRows) addOrgan({ ...organ, resultId: doc.resultId });
    counts.results++;
    counts.jobs++;
    counts.organRows += organRows.length;
    if (doc.status === "failed") counts.failed++;
    else if (doc.validity.verdict === "VALID") counts.valid++;
    else counts.invalid++;
    const key = `${suite.sha256}/${device.cls.id}`;
    counts.slices.set(key, (counts.slices.get(key) ?? 0) + 1);
  };

  const chunk = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) one(i);
  });
  for (let from = 0; from < opts.total; from += batch) {
    chunk(from, Math.min(opts.total, from + batch));
    opts.onProgress?.(Math.min(opts.total, from + batch));
  }
  counts.campaigns = campaigns.size;
  return counts;
}
