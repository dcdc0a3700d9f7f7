import type { Db } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import type { SuiteDefinition } from "./suite-definition.ts";

export interface ModelKey {
  id: string;
  version: string;
}

/**
 * Resolves `id@version` or a bare id to a registered model. A bare id takes the version the suite
 * pins, else the only registered version; several candidates are an error rather than a guess.
 */
export async function resolveModels(db: Db, refs: string[], suite: SuiteDefinition): Promise<ModelKey[]> {
  const keys = new Map<string, ModelKey>();
  for (const ref of refs) {
    const key = await resolveModel(db, ref, suite);
    keys.set(`${key.id}@${key.version}`, key);
  }
  return [...keys.values()];
}

async function resolveModel(db: Db, ref: string, suite: SuiteDefinition): Promise<ModelKey> {
  const at = ref.lastIndexOf("@");
  if (at > 0) {
    const key = { id: ref.slice(0, at), version: ref.slice(at + 1) };
    const row = await db.prisma.model.findUnique({ where: { id_version: key }, select: { id: true } });
    if (!row)
      throw new AppError("NOT_FOUND", `model ${ref} is not registered: import it first (importModel)`);
    return key;
  }
  const pinned = suite.models.find((m) => m.id === ref);
  if (pinned) return { id: pinned.id, version: pinned.version };
  const rows = await db.prisma.model.findMany({ where: { id: ref }, select: { version: true } });
  const only = rows[0];
  if (!only) throw new AppError("NOT_FOUND", `model ${ref} is not registered: import it first (importModel)`);
  if (rows.length > 1) {
    const versions = rows.map((r) => `${ref}@${r.version}`).join(", ");
    throw new AppError("INPUT", `model ${ref} has several versions (${versions}): name one as id@version`);
  }
  return { id: ref, version: only.version };
}
