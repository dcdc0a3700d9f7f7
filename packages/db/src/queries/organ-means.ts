import type { Db } from "../client.ts";

/** One organ's aggregate in one result (a ResultOrgan row). */
export interface OrganMean {
  organ: string;
  labelValue: number | null;
  n: number;
  meanDice: number;
  meanNsd: number;
  meanHd95: number | null;
}

/** Per-organ rows of the given results, keyed by result id, organs by name (code-unit order). */
export async function organMeans(db: Db, resultIds: string[]): Promise<Map<string, OrganMean[]>> {
  const byResult = new Map<string, OrganMean[]>();
  if (resultIds.length === 0) return byResult;
  const rows = await db.prisma.resultOrgan.findMany({
    where: { resultId: { in: resultIds } },
    orderBy: [{ resultId: "asc" }, { organ: "asc" }],
  });
  for (const { resultId, ...organ } of rows) {
    const list = byResult.get(resultId) ?? [];
    list.push(organ);
    byResult.set(resultId, list);
  }
  return byResult;
}
