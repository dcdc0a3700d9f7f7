import { type ScenarioSettings, scenarioSettingsSchema } from "@edgeseg/protocol";
import { z } from "zod";
import { fineTuningScenarioSchema } from "./fine-tuning.ts";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "expected a lowercase hex sha256 (64 characters)");
const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "use lowercase letters, digits, '.', '_' and '-'");

/**
 * A benchmark suite: the dataset (by generator, seed and content hash), the models (by manifest hash)
 * and the measurement settings, all pinned, so two results of one suite version are comparable.
 */
export const suiteSchema = z
  .object({
    id,
    version: z.string().min(1).max(40),
    name: z.string().min(1).max(200),
    description: z.string().max(4000).default(""),
    dataset: z
      .object({
        /** Dataset generator (the phantom) that writes the dataset on the device. */
        generator: id,
        generatorVersion: z.string().min(1).max(40),
        seed: z.number().int().nonnegative(),
        split: z.enum(["train", "test"]),
        cases: z.number().int().positive(),
        /** The engine's dataset hash (packages/bench dataset/hash.ts) of the generated directory. */
        sha256,
      })
      .strict(),
    models: z
      .array(
        z
          .object({
            id,
            /** Path of the model manifest, relative to the suite file. */
            manifest: z.string().min(1),
            /** sha256 of the manifest file's bytes; the manifest pins each ONNX file's sha256 in turn. */
            sha256,
          })
          .strict(),
      )
      .min(1),
    /**
     * Latency and throughput scenarios, in the manner of MLPerf LoadGen, and the repeat rule for
     * SingleStream (Phoronix Test Suite style): scenarioSettings in protocol.
     */
    scenarios: scenarioSettingsSchema.pick({
      singleStream: true,
      offline: true,
      warmupQueries: true,
      repeats: true,
    }),
    accuracy: z
      .object({
        /** Normalised surface Dice tolerance (DeepMind surface-distance's tolerance_mm). */
        nsdToleranceMm: z.number().positive(),
        metrics: z.array(z.enum(["dsc", "nsd", "hd95"])).min(1),
      })
      .strict(),
    /** The fine-tuning scenario (docs/fine-tuning.md); absent: the suite does not measure fine-tuning. */
    fineTuning: fineTuningScenarioSchema.optional(),
  })
  .strict();

export type Suite = z.infer<typeof suiteSchema>;
export type SuiteModel = Suite["models"][number];

/** The run settings a suite pins, in the shape the engine and the result document use. */
export function suiteScenario(suite: Suite): ScenarioSettings {
  return { ...suite.scenarios, nsdToleranceMm: suite.accuracy.nsdToleranceMm, maxCases: null };
}
