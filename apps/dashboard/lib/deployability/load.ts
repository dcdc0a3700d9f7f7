import { type Db, leaderboard, syntheticRuns } from "@edgeseg/db";
import { classFigure } from "@edgeseg/scoring";
import { type DeployClass, deployability, type TrainedFigure } from "./view.ts";

/**
 * The Deployability page's data: the skeleton runs of every class (or one), the class budgets, and
 * for each (suite, class) a skeleton ran on, the leaderboard's fleet figures of the same models
 * with trained weights, so the two can stand side by side.
 */
export async function loadDeployability(db: Db, classId?: string): Promise<DeployClass[]> {
  const [runs, classes] = await Promise.all([
    syntheticRuns(db, classId),
    db.prisma.deviceClass.findMany({
      ...(classId ? { where: { id: classId } } : {}),
      select: { id: true, name: true, memoryBudgetMb: true, caseTimeBudgetS: true },
      orderBy: { id: "asc" },
    }),
  ]);
  const slices = new Map<string, { suiteSha256: string; deviceClassId: string }>();
  for (const r of runs) {
    if (r.suiteSha256)
      slices.set(`${r.suiteSha256}/${r.deviceClassId}`, {
        suiteSha256: r.suiteSha256,
        deviceClassId: r.deviceClassId,
      });
  }
  const wanted = new Set(runs.map((r) => r.modelId));
  const trained: TrainedFigure[] = [];
  for (const slice of slices.values()) {
    for (const entry of await leaderboard(db, slice)) {
      if (!wanted.has(entry.modelId)) continue;
      const fig = classFigure(entry.devices);
      if (!fig) continue;
      trained.push({
        classId: slice.deviceClassId,
        modelId: entry.modelId,
        modelVersion: entry.modelVersion,
        devices: fig.devices,
        perCaseMs: fig.perCaseMeanMs.median,
        p50Ms: fig.p50Ms.median,
        peakRssMb: fig.peakRssMb.median,
      });
    }
  }
  return deployability(classes, runs, trained);
}
