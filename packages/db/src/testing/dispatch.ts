import type { ResultDocument } from "@edgeseg/protocol";
import type { Db } from "../client.ts";
import { type UpsertResultOutcome, upsertResult } from "../queries/upsert-result.ts";

/** A catalogue row for a model, the minimum a job needs. */
export async function seedModel(
  db: Db,
  id: string,
  version = "1.0.0",
  manifestSha256 = "0".repeat(64),
): Promise<void> {
  await db.prisma.model.upsert({
    where: { id_version: { id, version } },
    update: {},
    create: {
      id,
      version,
      family: "target-specific",
      pipeline: "semantic-2d",
      manifest: {},
      manifestSha256,
      trained: true,
      license: "Apache-2.0",
      fineTuningSupported: false,
    },
  });
}

/**
 * Stores `doc` as the answer to a job the hub dispatched to `deviceId` for the document's model and
 * suite (a campaign, its suite and the model's catalogue row are made as needed): the way a result
 * becomes rankable. `job` overrides what the job named, for tests of results that answer another job.
 */
export async function storeDispatched(
  db: Db,
  doc: ResultDocument,
  ctx: { deviceId: string; deviceClassId: string },
  job: { modelId?: string; modelVersion?: string; suiteSha256?: string } = {},
): Promise<UpsertResultOutcome & { jobId: string }> {
  const suiteSha256 = job.suiteSha256 ?? doc.suite?.sha256 ?? "0".repeat(64);
  const modelId = job.modelId ?? doc.model.id;
  const modelVersion = job.modelVersion ?? doc.model.version;
  await db.prisma.suite.upsert({
    where: { sha256: suiteSha256 },
    update: {},
    create: { sha256: suiteSha256, id: `suite-${suiteSha256.slice(0, 8)}`, version: "1", definition: {} },
  });
  // The catalogue's manifest is the document's: a result of another manifest would not answer the job.
  await seedModel(db, modelId, modelVersion, doc.model.manifestSha256);
  const campaign = await db.prisma.campaign.create({
    data: { name: "test", suiteSha256, status: "active", target: {} },
  });
  const created = await db.prisma.job.create({
    data: {
      campaignId: campaign.id,
      deviceId: ctx.deviceId,
      modelId,
      modelVersion,
      status: "running",
      timeoutMs: 60_000,
    },
  });
  const outcome = await upsertResult(db, doc, { ...ctx, jobId: created.id });
  return { ...outcome, jobId: created.id };
}
