import type { Db } from "@edgeseg/db";

export interface CampaignFormOptions {
  /** Registered suites, newest first, with the models each pins (`id@version`). */
  suites: { sha256: string; label: string; models: string[] }[];
  models: { key: string; label: string }[];
  /** Device classes with their active device count (campaigns run on active devices only). */
  classes: { id: string; name: string; active: number }[];
  tags: string[];
  devices: { id: string; name: string; deviceClassId: string | null }[];
}

/** What the create-campaign form offers to choose from. */
export async function campaignFormOptions(db: Db): Promise<CampaignFormOptions> {
  const p = db.prisma;
  const [suites, models, classes, active, tags, devices] = await Promise.all([
    p.suite.findMany({ orderBy: [{ createdAt: "desc" }, { id: "asc" }] }),
    p.model.findMany({ orderBy: [{ id: "asc" }, { version: "asc" }], select: { id: true, version: true } }),
    p.deviceClass.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true } }),
    p.device.groupBy({ by: ["deviceClassId"], where: { status: "active" }, _count: { _all: true } }),
    p.deviceTag.findMany({ distinct: ["tag"], orderBy: { tag: "asc" }, select: { tag: true } }),
    p.device.findMany({
      where: { status: "active" },
      orderBy: { id: "asc" },
      select: { id: true, name: true, deviceClassId: true },
    }),
  ]);
  return {
    suites: suites.map((s) => ({
      sha256: s.sha256,
      label: `${s.id}@${s.version}`,
      models: pinnedModels(s.definition),
    })),
    models: models.map((m) => ({ key: `${m.id}@${m.version}`, label: `${m.id}@${m.version}` })),
    classes: classes.map((c) => ({
      ...c,
      active: active.find((a) => a.deviceClassId === c.id)?._count._all ?? 0,
    })),
    tags: tags.map((t) => t.tag),
    devices,
  };
}

/** The `id@version` of each model a stored suite definition pins (registry suiteDefinitionSchema). */
function pinnedModels(definition: unknown): string[] {
  const models = (definition as { models?: unknown } | null)?.models;
  if (!Array.isArray(models)) return [];
  return models.flatMap((m) => {
    const { id, version } = (m ?? {}) as { id?: unknown; version?: unknown };
    return typeof id === "string" && typeof version === "string" ? [`${id}@${version}`] : [];
  });
}
