import { AppError, type ResultDocument } from "@edgeseg/protocol";
import type { Db } from "../client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { refreshDeviceModelStats } from "./device-model-stats.ts";
import { type JobLink, linkJob } from "./link-job.ts";
import { type ResultContext, resultRow } from "./result-row.ts";

export interface UpsertResultOutcome {
  /** false when a result with this resultId was already stored (a re-delivery): nothing changed. */
  created: boolean;
  job: JobLink | "unchanged";
}

/**
 * Stores a validated result document, idempotent by its resultId: MQTT QoS 1 and the agent's spool
 * deliver at least once, so the same document may arrive many times and is stored once. The first
 * stored copy wins; a result is an immutable record. The Result row, its per-organ rows, the job
 * update and the device's fleet figure (DeviceModelStats) commit together or not at all. The INSERT comes first so the transaction takes SQLite's
 * write lock at once (a read first could fail with SQLITE_BUSY when another process commits).
 */
export async function upsertResult(
  db: Db,
  doc: ResultDocument,
  ctx: ResultContext,
): Promise<UpsertResultOutcome> {
  try {
    const job = await db.prisma.$transaction(async (tx) => {
      await tx.result.create({ data: resultRow(doc, ctx), select: { id: true } });
      const link = await linkJob(tx, doc.resultId, doc.status === "succeeded", ctx);
      // The device's fleet figure for this model moves with every rankable run it stores.
      const stored = await tx.result.findUnique({ where: { id: doc.resultId }, select: { rankable: true } });
      if (stored?.rankable && doc.suite) {
        await refreshDeviceModelStats(tx, {
          suiteSha256: doc.suite.sha256,
          deviceClassId: ctx.deviceClassId,
          modelId: doc.model.id,
          modelVersion: doc.model.version,
          deviceId: ctx.deviceId,
        });
      }
      return link;
    });
    return { created: true, job };
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError)) throw error;
    // P2002, unique constraint: on this insert only the primary key (resultId) can collide.
    if (error.code === "P2002") return { created: false, job: "unchanged" };
    // P2003, foreign key: the insert's only foreign key is the device.
    if (error.code === "P2003") {
      throw new AppError(
        "NOT_FOUND",
        `result ${doc.resultId} names device ${ctx.deviceId}, which is not enrolled`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}
