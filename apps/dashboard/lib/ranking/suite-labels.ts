import type { Db } from "@edgeseg/db";

export interface SuiteLabel {
  sha256: string;
  /** `id@version` for a registered suite, else the hash's first 12 characters. */
  label: string;
  registered: boolean;
}

/** Display names for suite hashes, in the order given. */
export async function suiteLabels(db: Db, shas: string[]): Promise<SuiteLabel[]> {
  const rows = await db.prisma.suite.findMany({
    where: { sha256: { in: shas } },
    select: { sha256: true, id: true, version: true },
  });
  return shas.map((sha256) => {
    const row = rows.find((r) => r.sha256 === sha256);
    return row
      ? { sha256, label: `${row.id}@${row.version}`, registered: true }
      : { sha256, label: `${sha256.slice(0, 12)}…`, registered: false };
  });
}
