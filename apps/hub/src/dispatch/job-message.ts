import { describeIssues, modelManifestSchema } from "@edgeseg/engine-core/manifest";
import type { JobMessage } from "@edgeseg/protocol";
import { PROTOCOL_VERSION, scenarioOverridesSchema } from "@edgeseg/protocol";
import { suiteDefinitionSchema } from "@edgeseg/registry";
import { jobMessageId } from "./message-id.ts";
import type { Ctx } from "./types.ts";

export type Built = { ok: true; message: JobMessage } | { ok: false; error: string };

/**
 * The `jobs` message for a job's current attempt, from the database alone: model files by content
 * hash (manifest first, then graphs in manifest order), suite and dataset from the Suite row, the
 * campaign's scenario overrides. Rows that cannot make a valid job give an error, not an exception.
 */
export async function buildJobMessage(ctx: Ctx, jobId: string): Promise<Built> {
  const job = await ctx.db.prisma.job.findUnique({
    where: { id: jobId },
    include: { campaign: { include: { suite: true } }, model: true },
  });
  if (!job) return { ok: false, error: `job ${jobId} no longer exists` };
  const { campaign, model } = job;
  // The stored manifest is the file as uploaded and checked by importModel: the engine's own schema
  // reads it, so the graphs (and their order) are those the agent will load.
  const manifest = modelManifestSchema.safeParse(model.manifest);
  const suite = suiteDefinitionSchema.safeParse(campaign.suite.definition);
  const overrides = scenarioOverridesSchema.safeParse(campaign.overrides ?? {});
  if (!manifest.success)
    return {
      ok: false,
      error: `model ${model.id}@${model.version}: stored manifest is not a valid model manifest (${describeIssues(manifest.error, 1)}); import the model again`,
    };
  if (!suite.success)
    return {
      ok: false,
      error: `suite ${campaign.suite.id}@${campaign.suite.version}: stored definition is unreadable; import the suite again`,
    };
  if (!overrides.success)
    return { ok: false, error: `campaign ${campaign.id}: stored scenario overrides are invalid` };
  const wanted = [
    { role: "manifest", sha256: model.manifestSha256 },
    ...Object.entries(manifest.data.graphs).map(([role, g]) => ({ role, sha256: g.sha256 })),
  ];
  const rows = await ctx.db.prisma.artifact.findMany({
    where: { sha256: { in: wanted.map((w) => w.sha256) } },
    select: { sha256: true, size: true },
  });
  const sizes = new Map(rows.map((r) => [r.sha256, Number(r.size)]));
  const missing = wanted.filter((w) => !sizes.has(w.sha256));
  if (missing.length > 0) {
    return {
      ok: false,
      error: `model ${model.id}@${model.version}: artifact(s) ${missing.map((m) => m.role).join(", ")} missing from the store; import the model again`,
    };
  }
  const message: JobMessage = {
    protocolVersion: PROTOCOL_VERSION,
    messageId: jobMessageId(job.id, job.attempts),
    sentAt: ctx.now().toISOString(),
    deviceId: job.deviceId,
    jobId: job.id,
    campaignId: campaign.id,
    attempt: job.attempts,
    model: {
      id: model.id,
      version: model.version,
      manifestSha256: model.manifestSha256,
      artifacts: wanted.map((w) => ({
        ...w,
        size: sizes.get(w.sha256) as number,
        urlPath: `/api/artifacts/${w.sha256}`,
      })),
    },
    suite: { id: campaign.suite.id, version: campaign.suite.version, sha256: campaign.suite.sha256 },
    dataset: suite.data.dataset,
    scenarioOverrides: overrides.data,
    timeoutMs: job.timeoutMs,
  };
  return { ok: true, message };
}
