import { type AuditActor, type Db, type Prisma, withAudit } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { loadSuite, manifestPath } from "@edgeseg/suites";
import { type ImportedModel, importModel } from "./import-model.ts";
import type { SuiteDefinition } from "./suite-definition.ts";

export interface ImportedSuite {
  suiteId: string;
  version: string;
  sha256: string;
  dataset: { id: string; sha256: string };
  models: ImportedModel[];
}

/**
 * Registers a suite (bundled id or path of a suite.json) and every model it pins. Each manifest must
 * hash to the suite's pin and name the suite's model id. Idempotent; a different file under an
 * already registered id and version is refused, since results compare suites by that pair too.
 */
export async function importSuite(
  db: Db,
  artifactsDir: string,
  suiteIdOrPath: string,
  opts: { actor?: AuditActor } = {},
): Promise<ImportedSuite> {
  const loaded = await loadSuite(suiteIdOrPath);
  const { suite, sha256 } = loaded;
  const label = `suite ${suite.id}@${suite.version} (${loaded.path})`;
  const clash = await db.prisma.suite.findUnique({
    where: { id_version: { id: suite.id, version: suite.version } },
    select: { sha256: true },
  });
  if (clash && clash.sha256 !== sha256) {
    throw new AppError(
      "INTEGRITY",
      `${label} has sha256 ${sha256}, but ${suite.id}@${suite.version} is already registered with ${clash.sha256}: give the changed suite a new version`,
    );
  }
  const models: ImportedModel[] = [];
  for (const entry of suite.models) {
    const model = await importModel(db, artifactsDir, manifestPath(loaded, entry.manifest), opts);
    if (model.manifestSha256 !== entry.sha256 || model.modelId !== entry.id) {
      throw new AppError(
        "INTEGRITY",
        `${label} pins model ${entry.id} with manifest sha256 ${entry.sha256}, but ${entry.manifest} is ${model.modelId} with sha256 ${model.manifestSha256}: fix the suite's pin or restore the manifest`,
      );
    }
    models.push(model);
  }
  const dataset = { id: suite.dataset.generator, sha256: suite.dataset.sha256 };
  const definition: SuiteDefinition = {
    format: 1,
    dataset,
    models: models.map((m) => ({ id: m.modelId, version: m.version, manifestSha256: m.manifestSha256 })),
    suite: suite as unknown as Record<string, unknown>,
  };
  await withAudit(db.prisma, opts.actor, async (tx, audit) => {
    const existed = await tx.suite.findUnique({ where: { sha256 }, select: { sha256: true } });
    await tx.suite.upsert({
      where: { sha256 },
      update: {},
      create: {
        sha256,
        id: suite.id,
        version: suite.version,
        definition: definition as Prisma.InputJsonValue,
      },
    });
    if (!existed) {
      audit({
        action: "suite.import",
        targetId: `${suite.id}@${suite.version}`,
        after: { sha256, dataset, models: definition.models.map((m) => `${m.id}@${m.version}`) },
      });
    }
  });
  return { suiteId: suite.id, version: suite.version, sha256, dataset, models };
}
