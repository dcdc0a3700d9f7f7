import { AppError, scenarioOverridesSchema } from "@edgeseg/protocol";
import { z } from "zod";

const ids = z.array(z.string().min(1).max(200)).max(10_000).optional();

/** Which devices a campaign runs on: a device matching any of the lists is targeted (a union). */
export const campaignTargetSchema = z
  .object({ deviceClassIds: ids, tags: ids, deviceIds: ids })
  .strict()
  .refine((t) => (t.deviceClassIds?.length ?? 0) + (t.tags?.length ?? 0) + (t.deviceIds?.length ?? 0) > 0, {
    message: "name at least one device class, tag or device id",
  });

export const campaignInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** A suite's sha256, `id@version`, or its id when only one version is registered. */
    suiteId: z.string().min(1).max(300),
    /** `id@version`, or an id: the version the suite pins, else the only registered version. */
    modelIds: z.array(z.string().min(1).max(300)).min(1).max(100),
    target: campaignTargetSchema,
    scenarioOverrides: scenarioOverridesSchema.optional(),
    /** The User who created it (a User row id); null or absent for the hub's own tools. */
    createdBy: z.string().min(1).nullable().optional(),
    /** Tries per job, counting re-queues after a timeout; the job message's attempt stays ≤ 1000. */
    maxAttempts: z.number().int().min(1).max(1000).default(3),
    /** The run's wall-clock limit, sent to the agent; the same bound as the job message's. */
    timeoutMs: z
      .number()
      .int()
      .positive()
      .max(7 * 24 * 3600_000)
      .default(30 * 60_000),
  })
  .strict();

export type CampaignInput = z.input<typeof campaignInputSchema>;
export type CampaignTarget = z.infer<typeof campaignTargetSchema>;

export function parseCampaignInput(input: unknown): z.infer<typeof campaignInputSchema> {
  const parsed = campaignInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(campaign)"}: ${i.message}`)
    .join("; ");
  throw new AppError("INPUT", `invalid campaign: ${issues}`);
}
