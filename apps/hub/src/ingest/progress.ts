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
}

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
  ctx.progress.set(msg.jobId, { deviceId, attempt, phase, done, total, at: ctx.now() });
  ctx.call("onProgress", msg);
}
