import type { Db } from "@edgeseg/db";

/**
 * A job of `deviceId` with the model, suite and campaign rows it needs: by default for a model named
 * after the job whose manifest (hash `manifestSha256`) lists `graphs` — what the artifact route checks
 * before serving a file (src/http/artifact-access.ts). `model` names a catalogue model instead (created
 * when missing), e.g. the one a test's result document reports.
 */
export async function seedJob(
  db: Db,
  job: {
    id: string;
    deviceId: string;
    status?: "queued" | "delivered" | "running" | "succeeded";
    graphs?: Record<string, { sha256: string }>;
    manifestSha256?: string;
    model?: { id: string; version: string };
    suiteSha256?: string;
    /** Suite.definition as the registry stores it. */
    suiteDefinition?: object;
    overrides?: object;
  },
): Promise<void> {
  const suite = job.suiteSha256 ?? "5".repeat(64);
  await db.prisma.suite.upsert({
    where: { sha256: suite },
    update: {},
    create: {
      sha256: suite,
      id: `suite-${suite.slice(0, 8)}`,
      version: "1",
      definition: job.suiteDefinition ?? {},
    },
  });
  const model = job.model ?? { id: `model-${job.id}`, version: "1.0.0" };
  await db.prisma.model.upsert({
    where: { id_version: model },
    update: {},
    create: {
      ...model,
      family: "target-specific",
      pipeline: "semantic-2d",
      manifest: { graphs: job.graphs ?? {} },
      manifestSha256: job.manifestSha256 ?? "a".repeat(64),
      trained: true,
      license: "MIT",
      fineTuningSupported: false,
    },
  });
  const campaign = await db.prisma.campaign.create({
    data: {
      name: job.id,
      suiteSha256: suite,
      status: "active",
      target: {},
      ...(job.overrides ? { overrides: job.overrides } : {}),
    },
  });
  await db.prisma.job.create({
    data: {
      id: job.id,
      campaignId: campaign.id,
      deviceId: job.deviceId,
      modelId: model.id,
      modelVersion: model.version,
      status: job.status ?? "running",
      timeoutMs: 60_000,
    },
  });
}
