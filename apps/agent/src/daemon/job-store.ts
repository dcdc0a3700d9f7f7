import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { type JobMessage, jobMessageSchema } from "@edgeseg/protocol";
import type { Logger } from "pino";
import { z } from "zod";
import { fsyncDir, writeDurable } from "./fs-durable.ts";

/** An accepted job not yet finished. Persisted, so a reboot or a crash does not lose it. */
export interface PendingJob {
  key: string;
  seq: number;
  job: JobMessage;
  /** Chosen at acceptance and kept: every result of this job attempt carries this id. */
  resultId: string;
  /** How many times a run of it was started; a start that never finished was interrupted. */
  starts: number;
  /**
   * How many times its preparation (artifact download, dataset generation) was started since the
   * last one that completed; an interrupted preparation is not a run of the model.
   */
  prepares: number;
}

export type JobRecord =
  | { state: "pending"; pending: PendingJob }
  | { state: "done"; ack: "accepted" | "rejected"; reason: string | null };

const pendingSchema = z.object({
  seq: z.number().int(),
  job: jobMessageSchema,
  resultId: z.string(),
  starts: z.number().int().nonnegative(),
  // Absent from job files written before preparations were counted.
  prepares: z.number().int().nonnegative().default(0),
});
const doneSchema = z.array(
  z.object({ key: z.string(), ack: z.enum(["accepted", "rejected"]), reason: z.string().nullable() }),
);

/** Finished jobs remembered, so a late re-delivery is answered with the same ack instead of run again. */
const DONE_KEPT = 500;

export const jobKey = (jobId: string, attempt: number) => `${jobId}.${attempt}`;

/**
 * Jobs on disk under `dir`: `pending/<jobId>.<attempt>.json` per accepted job, `done.json` for the
 * most recent finished or rejected ones. Every change is written durably before it is acted on.
 */
export async function openJobStore(dir: string, logger: Logger) {
  const pendingDir = join(dir, "pending");
  const donePath = join(dir, "done.json");
  await mkdir(pendingDir, { recursive: true, mode: 0o700 });
  const pending = new Map<string, PendingJob>();
  for (const name of await readdir(pendingDir)) {
    if (!name.endsWith(".json")) continue;
    const key = name.slice(0, -5);
    try {
      const parsed = pendingSchema.parse(JSON.parse(await readFile(join(pendingDir, name), "utf8")));
      pending.set(key, { key, ...parsed });
    } catch (error) {
      logger.warn({ file: name, err: (error as Error).message }, "job store: dropped an unreadable job file");
      await rm(join(pendingDir, name), { force: true });
    }
  }
  let done = await readFile(donePath, "utf8")
    .then((t) => doneSchema.parse(JSON.parse(t)))
    .catch(() => [] as z.infer<typeof doneSchema>);
  let nextSeq = Math.max(0, ...[...pending.values()].map((p) => p.seq)) + 1;

  const save = (p: PendingJob) =>
    writeDurable(join(pendingDir, `${p.key}.json`), JSON.stringify({ ...p, key: undefined }));
  async function remember(key: string, ack: "accepted" | "rejected", reason: string | null) {
    done = [...done.filter((d) => d.key !== key), { key, ack, reason }].slice(-DONE_KEPT);
    await writeDurable(donePath, JSON.stringify(done));
  }

  return {
    lookup(jobId: string, attempt: number): JobRecord | null {
      const key = jobKey(jobId, attempt);
      const p = pending.get(key);
      if (p) return { state: "pending", pending: p };
      const d = done.find((x) => x.key === key);
      return d ? { state: "done", ack: d.ack, reason: d.reason } : null;
    },
    async accept(job: JobMessage, resultId: string): Promise<PendingJob> {
      const p = {
        key: jobKey(job.jobId, job.attempt),
        seq: nextSeq++,
        job,
        resultId,
        starts: 0,
        prepares: 0,
      };
      await save(p);
      pending.set(p.key, p);
      return p;
    },
    reject: (job: JobMessage, reason: string) => remember(jobKey(job.jobId, job.attempt), "rejected", reason),
    /** Oldest first. */
    pending: () => [...pending.values()].sort((a, b) => a.seq - b.seq),
    async setStarts(p: PendingJob, starts: number): Promise<void> {
      p.starts = starts;
      await save(p);
    },
    /** Sets the preparation and run counters together, written durably before the work they count. */
    async setCounts(p: PendingJob, counts: Partial<Pick<PendingJob, "starts" | "prepares">>): Promise<void> {
      Object.assign(p, counts);
      await save(p);
    },
    /** Forgets a pending job (its result is spooled, or it failed, or it was cancelled). */
    async finish(p: PendingJob): Promise<void> {
      await remember(p.key, "accepted", null);
      pending.delete(p.key);
      await rm(join(pendingDir, `${p.key}.json`), { force: true });
      await fsyncDir(pendingDir);
    },
  };
}

export type JobStore = Awaited<ReturnType<typeof openJobStore>>;
