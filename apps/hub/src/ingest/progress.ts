import type { ProgressMessage } from "@edgeseg/protocol";
import type { IngestContext } from "./context.ts";
import { currentJob } from "./job-lookup.ts";

export interface JobProgress {
  deviceId: string;
  attempt: number;
  phase: ProgressMessage["phase"];
  done: number;
  total: number;
  at: Date;
  /** When this job's progress was last written to its row (for other processes: the dashboard). */
  persistedAt: Date | null;
}

/** Progress reaches the database at most this often per job, and at every phase change. */
export const PROGRESS_PERSIST_MS = 2_000;

/** Latest progress per running job, in memory: progress is QoS 0 and superseded by the next one. */
export function progressBoard(limit = 10_000) {
  const board = new Map<string, JobProgress>();
  return {
    set(jobId: string, p: JobProgress) {
      board.delete(jobId);
      board.set(jobId, p);
      // Maps iterate in insertion order: the first key is the least recently updated job.
      if (board.size > limit) board.delete(board.keys().next().value!);
    },
    get: (jobId: string) => board.get(jobId),
    clear: (jobId: string) => board.delete(jobId),
  };
}

export type ProgressBoard = ReturnType<typeof progressBoard>;

/**
 * progress: kept in memory for the dashboard, for the device's own current attempt only; the
 * dispatcher moves the job to running (progress also proves a lost ack was accepted).
 */
export async function onProgress(ctx: IngestContext, deviceId: string, msg: ProgressMessage): Promise<void> {
  const job = await currentJob(ctx.db, ctx.logger, { deviceId, jobId: msg.jobId, attempt: msg.attempt });
  if (!job) return;
  const { phase, done, total, attempt } = msg;
  const at = ctx.now();
  const prev = ctx.progress.get(msg.jobId);
  const persist =
    !prev?.persistedAt ||
    prev.phase !== phase ||
    at.getTime() - prev.persistedAt.getTime() >= PROGRESS_PERSIST_MS;
  ctx.progress.set(msg.jobId, {
    deviceId,
    attempt,
    phase,
    done,
    total,
    at,
    persistedAt: persist ? at : prev.persistedAt,
  });
  if (persist) {
    await ctx.db.prisma.job.updateMany({
      where: { id: msg.jobId, deviceId },
      data: { progressPhase: phase, progressDone: done, progressTotal: total, progressAt: at },
    });
  }
  ctx.call("onProgress", msg);
}
