import type { Db } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { type SuiteDefinition, suiteDefinitionSchema } from "./suite-definition.ts";

export interface ResolvedSuite {
  sha256: string;
  id: string;
  version: string;
  definition: SuiteDefinition;
}

/** Finds a registered suite by sha256, `id@version`, or id when exactly one version is registered. */
export async function resolveSuite(db: Db, ref: string): Promise<ResolvedSuite> {
  const at = ref.lastIndexOf("@");
  const rows = /^[0-9a-f]{64}$/.test(ref)
    ? await db.prisma.suite.findMany({ where: { sha256: ref } })
    : at > 0
      ? await db.prisma.suite.findMany({ where: { id: ref.slice(0, at), version: ref.slice(at + 1) } })
      : await db.prisma.suite.findMany({ where: { id: ref }, orderBy: { createdAt: "asc" } });
  const row = rows[0];
  if (!row) {
    throw new AppError("NOT_FOUND", `suite "${ref}" is not registered: import it first (importSuite)`);
  }
  if (rows.length > 1) {
    const versions = rows.map((r) => `${r.id}@${r.version}`).join(", ");
    throw new AppError("INPUT", `suite "${ref}" has several versions (${versions}): name one as id@version`);
  }
  const definition = suiteDefinitionSchema.safeParse(row.definition);
  if (!definition.success) {
    throw new AppError(
      "INTEGRITY",
      `suite ${row.id}@${row.version} has an unreadable definition in the database: import the suite again`,
    );
  }
  return { sha256: row.sha256, id: row.id, version: row.version, definition: definition.data };
}
