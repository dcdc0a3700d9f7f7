import { z } from "zod";
import { scenarioSettingsSchema } from "../../result.ts";
import { attemptSchema, entityIdSchema, envelopeShape, sha256Schema } from "./common.ts";

/**
 * A path on the hub's HTTP base URL, never a full URL, so a job cannot send the agent to another
 * host. Segments are non-empty and do not start with '.', which rules out '//', '.' and '..'.
 */
export const urlPathSchema = z
  .string()
  .max(500)
  .regex(
    /^(?:\/[A-Za-z0-9_~%-][A-Za-z0-9._~%-]*)+$/,
    "expected an absolute path such as /api/artifacts/<sha256>",
  );

export const artifactRefSchema = z
  .object({
    role: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,39}$/)
      .describe("What the file is: manifest, or a graph role of the manifest (model, encoder, decoder)."),
    sha256: sha256Schema.describe("Content hash; the agent verifies it after download and caches by it."),
    size: z.number().int().nonnegative().describe("Size in bytes."),
    urlPath: urlPathSchema.describe("Where to download it, relative to the hub's base URL."),
  })
  .strict();

const s = scenarioSettingsSchema.shape;

/**
 * The size of the on-device fine-tuning a job asks for, on top of the suite's fineTuning scenario (a
 * shorter one for a quick campaign, a longer one for a study). The site, optimizer and plateau rule stay
 * the suite's; a suite without a fineTuning scenario ignores these.
 */
export const fineTuningOverridesSchema = z
  .object({
    trainSlices: z.number().int().positive().max(512).optional().describe("Annotated slices trained on."),
    validationSlices: z
      .number()
      .int()
      .positive()
      .max(128)
      .optional()
      .describe("Held-out slices whose DSC after each epoch decides the plateau."),
    testCases: z
      .number()
      .int()
      .positive()
      .max(50)
      .optional()
      .describe("Test cases of the new site scored before and after (at most the suite's split)."),
    epochs: z.number().int().positive().max(1000).optional().describe("Passes over the training slices."),
    maxSteps: z.number().int().positive().max(100_000).optional().describe("Hard cap on optimizer steps."),
  })
  .strict();

/** Scenario fields the job overrides on top of the suite's pinned scenario. */
export const scenarioOverridesSchema = z
  .object({
    singleStream: s.singleStream.partial().optional(),
    offline: s.offline.partial().optional(),
    warmupQueries: s.warmupQueries.optional(),
    nsdToleranceMm: s.nsdToleranceMm.optional(),
    maxCases: s.maxCases.optional(),
    fineTuning: fineTuningOverridesSchema.optional(),
  })
  .strict();

export const jobMessageSchema = z
  .object({
    ...envelopeShape,
    jobId: entityIdSchema.describe("The job's id in the hub's database."),
    campaignId: entityIdSchema.describe("The campaign the job belongs to."),
    attempt: attemptSchema.describe(
      "1 for the first try; the hub increments it when it schedules the job again.",
    ),
    model: z
      .object({
        id: z.string().min(1).max(200).describe("Model id, as in its manifest."),
        version: z.string().min(1).max(40).describe("Model version, as in its manifest."),
        manifestSha256: sha256Schema.describe(
          "Hash of the manifest file; one artifact has role manifest and this hash.",
        ),
        artifacts: z
          .array(artifactRefSchema)
          .min(1)
          .max(16)
          .describe("Every file the run needs, manifest included."),
      })
      .strict()
      .refine(
        (m) => m.artifacts.filter((a) => a.role === "manifest" && a.sha256 === m.manifestSha256).length === 1,
        {
          message: "exactly one artifact must have role manifest and the manifestSha256 hash",
          path: ["artifacts"],
        },
      )
      .describe("The model to run, by content hash."),
    suite: z
      .object({
        id: z.string().min(1).max(200),
        version: z.string().min(1).max(40),
        sha256: sha256Schema,
      })
      .strict()
      .describe("The benchmark suite; the agent refuses the job if its copy has another hash."),
    dataset: z
      .object({ id: z.string().min(1).max(200), sha256: sha256Schema })
      .strict()
      .describe("The evaluation dataset; the agent refuses the job if its copy has another hash."),
    scenarioOverrides: scenarioOverridesSchema.describe(
      "Scenario settings that replace the suite's (empty object for none).",
    ),
    timeoutMs: z
      .number()
      .int()
      .positive()
      .max(7 * 24 * 3600_000)
      .describe("Wall-clock limit for the whole run; the agent kills the run and reports a timeout failure."),
  })
  .strict()
  .describe(
    "A benchmark job. The hub re-sends it (same jobId and attempt) until the device acknowledges it.",
  );

export type JobMessage = z.infer<typeof jobMessageSchema>;
export type ArtifactRef = z.infer<typeof artifactRefSchema>;
export type ScenarioOverrides = z.infer<typeof scenarioOverridesSchema>;
export type FineTuningOverrides = z.infer<typeof fineTuningOverridesSchema>;
