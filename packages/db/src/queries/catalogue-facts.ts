import type { Db } from "../client.ts";

/** What the model catalogue says about a model, for rankings and model cards. */
export interface CatalogueFacts {
  family: string;
  pipeline: string;
  trained: boolean;
  license: string;
  /** The manifest's on-device fine-tuning statement (constraint 5). */
  fineTuning: { supported: boolean; notes: string };
  intendedUse: string;
}

export interface ModelKey {
  id: string;
  version: string;
}

/** Catalogue facts for the given models, keyed `id@version`; models not in the catalogue are absent. */
export async function catalogueFacts(db: Db, keys: ModelKey[]): Promise<Map<string, CatalogueFacts>> {
  if (keys.length === 0) return new Map();
  const rows = await db.prisma.model.findMany({
    where: { OR: keys.map((k) => ({ id: k.id, version: k.version })) },
    select: {
      id: true,
      version: true,
      family: true,
      pipeline: true,
      trained: true,
      license: true,
      fineTuningSupported: true,
      manifest: true,
    },
  });
  return new Map(
    rows.map((m) => {
      const manifest = asRecord(m.manifest);
      const notes = asRecord(manifest.fineTuning).notes;
      const facts: CatalogueFacts = {
        family: m.family,
        pipeline: m.pipeline,
        trained: m.trained,
        license: m.license,
        fineTuning: { supported: m.fineTuningSupported, notes: typeof notes === "string" ? notes : "" },
        intendedUse: typeof manifest.intendedUse === "string" ? manifest.intendedUse : "",
      };
      return [`${m.id}@${m.version}`, facts];
    }),
  );
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
