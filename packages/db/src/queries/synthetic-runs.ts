import type { ResultDocument } from "@edgeseg/protocol";
import type { Db } from "../client.ts";

/** A run of a skeleton (model.weights "synthetic"): what the Deployability view needs of it. */
export interface SyntheticRun {
  resultId: string;
  deviceId: string;
  deviceClassId: string;
  modelId: string;
  modelVersion: string;
  suiteSha256: string | null;
  pipeline: ResultDocument["model"]["pipeline"];
  status: "succeeded" | "failed";
  verdict: "VALID" | "INVALID";
  backend: string;
  perCaseMeanMs: number | null;
  /** SingleStream p50: per slice (semantic) or per interaction, encoder + one box (promptable). */
  p50Ms: number | null;
  peakRssMb: number | null;
  /** Model load: session creation of every graph. */
  sessionCreateMs: number | null;
  /** The runtime settings of the run, as the document records them. */
  threads: number;
  memoryArena: boolean;
  memoryPattern: boolean;
  /** Why a failed run failed (e.g. "oom"), with its message. */
  failure: { reason: string; message: string } | null;
  createdAt: Date;
}

/** Newest runs read per call: a class's skeleton runs, not its whole history. */
export const SYNTHETIC_RUNS_LIMIT = 5000;

/**
 * The skeleton runs of one device class (or of all): Result rows whose document says
 * model.weights "synthetic". They hold no mean DSC, so DeviceModelStats (the leaderboard's fleet
 * figures) never counts them; their numbers are read from the rows and the documents' timing and
 * runtime blocks. The column and text filters narrow the rows, the parsed document decides. The
 * filter is a scan of the class's rows (no index holds the weights); SYNTHETIC_RUNS_LIMIT caps the rows returned.
 */
export async function syntheticRuns(db: Db, deviceClassId?: string): Promise<SyntheticRun[]> {
  const rows = await db.prisma.result.findMany({
    // A skeleton's run has no mean DSC: testing that column first spares reading (and LIKE-scanning)
    // the documents of every run that has one, which is nearly all of a large slice.
    where: {
      ...(deviceClassId ? { deviceClassId } : {}),
      meanDice: null,
      document: { contains: '"synthetic"' },
    },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: SYNTHETIC_RUNS_LIMIT,
    select: {
      id: true,
      deviceId: true,
      deviceClassId: true,
      modelId: true,
      modelVersion: true,
      suiteSha256: true,
      status: true,
      verdict: true,
      backend: true,
      perCaseMeanMs: true,
      p50Ms: true,
      peakRssMb: true,
      createdAt: true,
      document: true,
    },
  });
  const out: SyntheticRun[] = [];
  for (const { document, ...row } of rows) {
    const doc = JSON.parse(document) as ResultDocument;
    if (doc.model.weights !== "synthetic") continue;
    out.push({
      resultId: row.id,
      deviceId: row.deviceId,
      deviceClassId: row.deviceClassId,
      modelId: row.modelId,
      modelVersion: row.modelVersion,
      suiteSha256: row.suiteSha256,
      pipeline: doc.model.pipeline,
      status: row.status,
      verdict: row.verdict,
      backend: row.backend,
      perCaseMeanMs: row.perCaseMeanMs,
      p50Ms: row.p50Ms,
      peakRssMb: row.peakRssMb,
      sessionCreateMs: doc.timing?.sessionCreateMs ?? null,
      threads: doc.runtime.intraOpThreads,
      memoryArena: doc.runtime.memoryArena,
      memoryPattern: doc.runtime.memoryPattern,
      failure: doc.failure ? { reason: doc.failure.reason, message: doc.failure.message } : null,
      createdAt: row.createdAt,
    });
  }
  return out;
}
