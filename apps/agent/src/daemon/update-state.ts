import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

/** `<install dir>/update.json`: the last self-update, so a restarted agent can tell the hub how it went. */
const updateStateSchema = z.object({
  /** Version folders under the installation directory. */
  from: z.string(),
  to: z.string(),
  version: z.string(),
  status: z.enum(["trial", "done", "rolled-back"]),
  reason: z.string().nullable(),
  /** Whether the outcome has been sent to the hub. */
  reported: z.boolean(),
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
