import type { JobStatus } from "@edgeseg/db";

/** A device holds the job: sent and not yet finished. At most one per device. */
export const ON_DEVICE: JobStatus[] = ["delivered", "running"];

/** Not finished yet. */
export const OPEN: JobStatus[] = ["queued", "delivered", "running"];
