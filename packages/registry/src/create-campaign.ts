import { type AuditActor, type Db, type Prisma, withAudit } from "@edgeseg/db";
import { AppError, type FineTuningOverrides } from "@edgeseg/protocol";
import { z } from "zod";
import { type CampaignInput, parseCampaignInput } from "./campaign-input.ts";
import { matchDevices } from "./match-devices.ts";
import { resolveModels } from "./resolve-models.ts";
import { resolveSuite } from "./resolve-suite.ts";
import type { SuiteDefinition } from "./suite-definition.ts";

export interface CreatedCampaign {
  campaignId: string;
  /** One queued job per (device × model), devices by id, models in the order given. */
  jobIds: string[];
}

/**
 * Creates an active campaign and its queued jobs in one transaction; the dispatcher delivers them as
 * devices come online. Every input is validated before anything is written. With an actor, the
 * campaign is recorded in the audit trail in the same transaction.
 */
export async function createCampaign(
  db: Db,
  input: CampaignInput,
  opts: { actor?: AuditActor } = {},
): Promise<CreatedCampaign> {
  const campaign = parseCampaignInput(input);
  const suite = await resolveSuite(db, campaign.suiteId);
  const models = await resolveModels(db, campaign.modelIds, suite.definition);
  checkFineTuningOverrides(suite.definition, campaign.scenarioOverrides?.fineTuning);
  if (campaign.createdBy) {
    const user = await db.prisma.user.findUnique({ where: { id: campaign.createdBy }, select: { id: true } });
    if (!user) throw new AppError("NOT_FOUND", `campaign creator ${campaign.createdBy} is not a user`);
  }
  const devices = await matchDevices(db, campaign.target);
  const jobs = devices.flatMap((deviceId) =>
    models.map((m) => ({
      deviceId,
      modelId: m.id,
      modelVersion: m.version,
      maxAttempts: campaign.maxAttempts,
      timeoutMs: campaign.timeoutMs,
    })),
  );
  const created = await withAudit(db.prisma, opts.actor, async (tx, audit) => {
    const row = await tx.campaign.create({
      data: {
        name: campaign.name,
        suiteSha256: suite.sha256,
        createdById: campaign.createdBy ?? null,
        status: "active",
        target: campaign.target as Prisma.InputJsonValue,
        ...(campaign.scenarioOverrides
          ? { overrides: campaign.scenarioOverrides as Prisma.InputJsonValue }
          : {}),
      },
      select: { id: true },
    });
    const rows = await tx.job.createManyAndReturn({
      data: jobs.map((job) => ({ ...job, campaignId: row.id })),
      select: { id: true, deviceId: true, modelId: true, modelVersion: true },
    });
    // RETURNING order is not promised; report ids in the order the jobs were listed.
    const byKey = new Map(rows.map((r) => [`${r.deviceId}\n${r.modelId}\n${r.modelVersion}`, r.id]));
    const jobIds = jobs.map((j) => byKey.get(`${j.deviceId}\n${j.modelId}\n${j.modelVersion}`) as string);
    audit({
      action: "campaign.create",
      targetId: row.id,
      after: {
        name: campaign.name,
        status: "active",
        suiteSha256: suite.sha256,
        models: models.map((m) => `${m.id}@${m.version}`),
        target: campaign.target,
        overrides: campaign.scenarioOverrides ?? null,
        maxAttempts: campaign.maxAttempts,
        timeoutMs: campaign.timeoutMs,
        jobs: jobIds.length,
      },
    });
    return { campaignId: row.id, jobIds };
  });
  return created;
}

/** What the check below reads of a stored suite's fineTuning scenario (the suites package validated it). */
const storedFineTuning = z.object({ site: z.object({ test: z.object({ cases: z.number().int() }) }) });

/**
 * Fine-tuning overrides need a suite with a fineTuning scenario, and the test cases they score must
 * exist in its site's test split; the slice counts are checked by the device against the generated site.
 */
function checkFineTuningOverrides(definition: SuiteDefinition, o: FineTuningOverrides | undefined) {
  if (!o) return;
  const scenario = storedFineTuning.safeParse(definition.suite.fineTuning);
  if (!scenario.success) {
    throw new AppError(
      "INPUT",
      "invalid campaign: scenarioOverrides.fineTuning: this suite has no fineTuning scenario; remove the fine-tuning overrides",
    );
  }
  const split = scenario.data.site.test.cases;
  if (o.testCases !== undefined && o.testCases > split) {
    throw new AppError(
      "INPUT",
      `invalid campaign: scenarioOverrides.fineTuning.testCases: ${o.testCases} is more than the ${split} cases of the suite's fine-tuning test split`,
    );
  }
}
