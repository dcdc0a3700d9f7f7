import type { Db } from "../client.ts";

/** One registered model (id + version) as the registry table lists it. */
export interface RegistryModel {
  id: string;
  version: string;
  /** The manifest's display name (falls back to the id). */
  name: string;
  family: string;
  pipeline: string;
  trained: boolean;
  license: string;
  fineTuningSupported: boolean;
  createdAt: Date;
  /** Results of every verdict reported for this model version, on any device. */
  results: number;
}

/** Every registered model, by id then newest registration first, with its result count. */
export async function modelRegistry(db: Db): Promise<RegistryModel[]> {
  const [models, counts] = await Promise.all([
    db.prisma.model.findMany({
      orderBy: [{ id: "asc" }, { createdAt: "desc" }, { version: "asc" }],
      select: {
        id: true,
        version: true,
        family: true,
        pipeline: true,
        trained: true,
        license: true,
        fineTuningSupported: true,
        createdAt: true,
        manifest: true,
      },
    }),
    // Reads Result_modelId_modelVersion_idx alone.
    db.prisma.result.groupBy({ by: ["modelId", "modelVersion"], _count: { _all: true } }),
  ]);
  const count = new Map(counts.map((c) => [`${c.modelId}@${c.modelVersion}`, c._count._all]));
  return models.map(({ manifest, ...m }) => {
    const name = (manifest as { name?: unknown } | null)?.name;
    return {
      ...m,
      name: typeof name === "string" && name !== "" ? name : m.id,
      results: count.get(`${m.id}@${m.version}`) ?? 0,
    };
  });
}
