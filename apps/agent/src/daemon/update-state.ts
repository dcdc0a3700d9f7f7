import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

/** `<install dir>/update.json`: the last self-update, so a restarted agent can tell the hub how it went. */
const updateStateSchema = z.object({
  /** Version folders under the installation directory. */
  from: z.string(),
  to: z.string(),
  version: z.string(),
  /**
   * trial: the new version runs beside the old one; confirming: it passed the trial and runs as the
   * service, until it has connected to the hub once (the launcher counts its starts meanwhile,
   * launcher/unconfirmed.ts); done; rolled-back: `current` names `from` again.
   */
  status: z.enum(["trial", "confirming", "done", "rolled-back"]),
  reason: z.string().nullable(),
  /** Whether the outcome has been sent to the hub. */
  reported: z.boolean(),
  /** Starts of `to` as the service while confirming (written by the launcher). */
  starts: z.number().int().nonnegative().default(0),
});
export type UpdateState = z.infer<typeof updateStateSchema>;

export async function readUpdateState(dir: string): Promise<UpdateState | null> {
  try {
    return updateStateSchema.parse(JSON.parse(await readFile(join(dir, "update.json"), "utf8")));
  } catch {
    return null;
  }
}

export async function writeUpdateState(dir: string, state: UpdateState): Promise<void> {
  const tmp = join(dir, `.update.json.${process.pid}`);
  await writeFile(tmp, `${JSON.stringify(state)}\n`, { mode: 0o644 });
  await rename(tmp, join(dir, "update.json"));
}
