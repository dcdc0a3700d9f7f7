import type { ResultDocument } from "@edgeseg/protocol";
import { type ClassFigure, classFigure } from "@edgeseg/scoring";
import type { Db } from "../client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { figureFromRow } from "./device-model-stats.ts";
import { toCount, toDate } from "./raw-values.ts";

/** A file a model is made of, as its manifest names it, and whether the artifact store holds it. */
export interface ModelFile {
  /** "manifest", or the manifest's graph role ("model", "encoder", "decoder"). */
  role: string;
  /** The file name the manifest gives (manifest.json for the manifest itself). */
  file: string;
  sha256: string;
  /** Bytes, when the artifact store has the file; null when it does not. */
  size: number | null;
}

/** How a model version did on one device class, over all suites. */
export interface ModelClassResults {
  deviceClassId: string;
  results: number;
  valid: number;
  /** Highest mean DSC and lowest per-case time among VALID results (not necessarily one run). */
  bestDice: number | null;
  fastestMs: number | null;
  lastRunAt: Date | null;
  /**
   * Runs of a skeleton (document model.weights "synthetic": weights filled on the device, timing and
   * memory only), counted in `results` above, and the fastest VALID one (when it is also `fastestMs`,
   * the class's fastest time is a skeleton's).
   */
  synthetic: { runs: number; fastestMs: number | null };
}

/** The model's fleet figure on one (suite, device class): the leaderboard's statistic, every constraint's input. */
export interface ModelFleetFigure {
  suiteSha256: string;
  deviceClassId: string;
  figure: ClassFigure;
}

export interface ModelCard {
  id: string;
  version: string;
  family: string;
  pipeline: string;
  trained: boolean;
  license: string;
  fineTuningSupported: boolean;
  manifestSha256: string;
  /** The manifest exactly as registered. */
  manifest: unknown;
  createdAt: Date;
  /** Every registered version of this id, newest registration first. */
  versions: string[];
  files: ModelFile[];
  byClass: ModelClassResults[];
  /** Per (suite, device class) with dispatched VALID runs: the class figure (DeviceModelStats). */
  fleet: ModelFleetFigure[];
}

/** A model's card: one version (the newest registered when `version` is omitted), or null. */
export async function modelCard(db: Db, id: string, version?: string): Promise<ModelCard | null> {
  const versions = await db.prisma.model.findMany({
    where: { id },
    orderBy: [{ createdAt: "desc" }, { version: "desc" }],
    select: { version: true },
  });
  const chosen = version ?? versions[0]?.version;
  if (chosen === undefined) return null;
  const model = await db.prisma.model.findUnique({ where: { id_version: { id, version: chosen } } });
  if (!model) return null;
  const named = manifestFiles(model.manifest, model.manifestSha256);
  const [stored, byClass, fleet] = await Promise.all([
    db.prisma.artifact.findMany({
      where: { sha256: { in: named.map((f) => f.sha256) } },
      select: { sha256: true, size: true },
    }),
    resultsByClass(db, id, chosen),
    fleetFigures(db, id, chosen),
  ]);
  const size = new Map(stored.map((a) => [a.sha256, Number(a.size)]));
  return {
    ...model,
    versions: versions.map((v) => v.version),
    files: named.map((f) => ({ ...f, size: size.get(f.sha256) ?? null })),
    byClass,
    fleet,
  };
}

/** The manifest itself, then each graph under `graphs` in manifest order. */
function manifestFiles(manifest: unknown, manifestSha256: string): Omit<ModelFile, "size">[] {
  const files = [{ role: "manifest", file: "manifest.json", sha256: manifestSha256 }];
  const graphs = (manifest as { graphs?: unknown } | null)?.graphs;
  if (typeof graphs !== "object" || graphs === null) return files;
  for (const [role, spec] of Object.entries(graphs)) {
    const { file, sha256 } = (spec ?? {}) as { file?: unknown; sha256?: unknown };
    if (typeof file === "string" && typeof sha256 === "string") files.push({ role, file, sha256 });
  }
  return files;
}

type ClassRow = {
  deviceClassId: string;
  results: bigint;
  valid: bigint;
  bestDice: number | null;
  fastestMs: number | null;
  lastRunAt: Date | string | number | null;
};

/** The model's per-device figures grouped by (suite, class) into class figures, in that order. */
async function fleetFigures(db: Db, id: string, version: string): Promise<ModelFleetFigure[]> {
  const rows = await db.prisma.deviceModelStats.findMany({
    where: { modelId: id, modelVersion: version },
    orderBy: [{ suiteSha256: "asc" }, { deviceClassId: "asc" }, { deviceId: "asc" }],
  });
  const groups = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = `${row.suiteSha256}/${row.deviceClassId}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].flatMap((group) => {
    const figure = classFigure(group.map(figureFromRow));
    const first = group[0]!;
    return figure ? [{ suiteSha256: first.suiteSha256, deviceClassId: first.deviceClassId, figure }] : [];
  });
}

/**
 * The model's skeleton runs by class. A skeleton's run has no mean DSC, so only rows without one whose
 * document mentions "synthetic" are read, and the parsed document decides (as syntheticRuns does).
 */
async function syntheticByClass(
  db: Db,
  id: string,
  version: string,
): Promise<Map<string, ModelClassResults["synthetic"]>> {
  const rows = await db.prisma.result.findMany({
    where: { modelId: id, modelVersion: version, meanDice: null, document: { contains: '"synthetic"' } },
    select: { deviceClassId: true, verdict: true, perCaseMeanMs: true, document: true },
  });
  const out = new Map<string, ModelClassResults["synthetic"]>();
  const least = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
  for (const row of rows) {
    if ((JSON.parse(row.document) as ResultDocument).model.weights !== "synthetic") continue;
    const s = out.get(row.deviceClassId) ?? { runs: 0, fastestMs: null };
    s.runs += 1;
    if (row.verdict === "VALID") s.fastestMs = least(s.fastestMs, row.perCaseMeanMs);
    out.set(row.deviceClassId, s);
  }
  return out;
}

async function resultsByClass(db: Db, id: string, version: string): Promise<ModelClassResults[]> {
  const synthetic = await syntheticByClass(db, id, version);
  const rows = await db.prisma.$queryRaw<ClassRow[]>(Prisma.sql`
    SELECT "deviceClassId",
           COUNT(*) AS "results",
           SUM(CASE WHEN "verdict" = 'VALID' THEN 1 ELSE 0 END) AS "valid",
           MAX(CASE WHEN "verdict" = 'VALID' THEN "meanDice" END) AS "bestDice",
           MIN(CASE WHEN "verdict" = 'VALID' THEN "perCaseMeanMs" END) AS "fastestMs",
           MAX("createdAt") AS "lastRunAt"
    FROM "Result"
    WHERE "modelId" = ${id} AND "modelVersion" = ${version}
    GROUP BY "deviceClassId"
    ORDER BY "deviceClassId"
  `);
  return rows.map((r) => ({
    deviceClassId: r.deviceClassId,
    results: toCount(r.results),
    valid: toCount(r.valid),
    bestDice: r.bestDice,
    fastestMs: r.fastestMs,
    lastRunAt: toDate(r.lastRunAt),
    synthetic: synthetic.get(r.deviceClassId) ?? { runs: 0, fastestMs: null },
  }));
}
