import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

/** What `edgeseg-agent status` shows of the newest result: ids, outcome and time, never numbers or data. */
export const lastResultSchema = z.object({
  resultId: z.string(),
  jobId: z.string().nullable(),
  modelId: z.string().nullable(),
  status: z.string(),
  createdAt: z.string(),
});
export type LastResult = z.infer<typeof lastResultSchema>;

const file = (dataDir: string) => join(dataDir, "status", "last-result.json");

/**
 * Called by the daemon as it spools a result: the newest one's identity, for `status` (the spool
 * forgets a result once the hub acknowledged it). Best effort: a failure here never loses a result.
 */
export async function recordLastResult(dataDir: string, message: unknown): Promise<void> {
  const m = message as {
    jobId?: string | null;
    result?: { resultId?: string; status?: string; createdAt?: string; model?: { id?: string } };
  };
  const parsed = lastResultSchema.safeParse({
    resultId: m.result?.resultId,
    jobId: m.jobId ?? null,
    modelId: m.result?.model?.id ?? null,
    status: m.result?.status,
    createdAt: m.result?.createdAt,
  });
  if (!parsed.success) return;
  try {
    await mkdir(join(dataDir, "status"), { recursive: true, mode: 0o700 });
    const tmp = `${file(dataDir)}.tmp`;
    await writeFile(tmp, JSON.stringify(parsed.data), { mode: 0o600 });
    await rename(tmp, file(dataDir));
  } catch {
    // Status is informational; the result itself is already in the spool.
  }
}

export async function readLastResult(dataDir: string): Promise<LastResult | null> {
  try {
    return lastResultSchema.parse(JSON.parse(await readFile(file(dataDir), "utf8")));
  } catch {
    return null;
  }
}
