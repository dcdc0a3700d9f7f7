import type { Db, JobStatus } from "@edgeseg/db";
import type { Logger } from "pino";

/**
 * The job a device message names, when that device owns it and the message answers the current
 * attempt; otherwise null, with the reason logged. A device naming another device's job is worth a
 * warning; an earlier attempt's late message is ordinary (the dispatcher re-sent the job).
 */
export async function currentJob(
  db: Db,
  logger: Logger,
  ref: { deviceId: string; jobId: string; attempt: number },
): Promise<{ status: JobStatus } | null> {
  const job = await db.prisma.job.findUnique({
    where: { id: ref.jobId },
    select: { deviceId: true, status: true, attempts: true },
  });
  if (!job) {
    logger.debug(ref, "message names an unknown job; ignored");
    return null;
  }
  if (job.deviceId !== ref.deviceId) {
    logger.warn({ ...ref, owner: job.deviceId }, "message names another device's job; ignored");
    return null;
  }
  if (job.attempts !== ref.attempt) {
    logger.debug({ ...ref, current: job.attempts }, "message for an earlier attempt; ignored");
    return null;
  }
  return job;
}
