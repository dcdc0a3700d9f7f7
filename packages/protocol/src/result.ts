import { z } from "zod";
import { egressSchema } from "./egress.ts";
import { refineResultDocument } from "./result-checks.ts";

export { type Egress, egressSchema } from "./egress.ts";

/**
 * The result document: what one benchmark run of one model on one device produced.
 * Numbers and identifiers only — never pixels. Every object is strict (unknown keys are refused) and
 * every string and array is bounded, so image data cannot ride along by accident (constraint 4,
 * localization of user data).
 */
export const RESULT_SCHEMA_VERSION = 1;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "expected a lowercase hex sha256");
const id = z.string().min(1).max(200);
const shortText = z.string().max(2000);
const ms = z.number().nonnegative();
const nullableNumber = z.number().nullable();

export const verdictSchema = z.enum(["VALID", "INVALID"]);

export const deviceInfoSchema = z
  .object({
    cpuModel: z.string().max(200),
    cores: z.number().int().positive(),
    arch: z.string().max(40),
    platform: z.string().max(40),
    ramMb: z.number().nonnegative(),
    os: z.string().max(200),
    kernel: z.string().max(200),
    nodeVersion: z.string().max(40),
    onnxruntimeVersion: z.string().max(40),
    boardModel: z.string().max(200).nullable(),
    deviceClass: z.object({ id: id, name: z.string().max(200), matchedRule: z.string().max(500) }).strict(),
  })
  .strict();

export const runtimeSettingsSchema = z
  .object({
    backend: z.enum(["node", "wasm"]),
    backendReason: shortText,
    requestedExecutionProviders: z.array(z.string().max(40)).max(10),
    executionProvider: z.string().max(40),
    /** Intra-op threads the session ran with: the resolved number where the agent knows it (not 0). */
    intraOpThreads: z.number().int().nonnegative(),
    /**
     * How intraOpThreads was arrived at, e.g. "requested 2" or "0 requested: ONNX Runtime's default,
     * one per physical core (2, from /proc/cpuinfo core ids)". Absent in documents of older agents,
     * whose intraOpThreads is the requested value (0 = ONNX Runtime's choice).
     */
    intraOpThreadsSource: shortText.optional(),
    graphOptimizationLevel: z.enum(["disabled", "basic", "extended", "all"]),
    memoryArena: z.boolean(),
    memoryPattern: z.boolean(),
    onnxruntimeVersion: z.string().max(40),
  })
  .strict();

export const organMetricsSchema = z
  .object({
    /** Label value in the dataset's ground truth. */
    labelValue: z.number().int().nonnegative(),
    dice: z.number().min(0).max(1),
    nsd: z.number().min(0).max(1),
    /** null where the prediction lacks the organ (the reference library returns infinity). A distance, ≥ 0. */
    hd95: z.number().nonnegative().nullable(),
  })
  .strict();

export const caseTimingSchema = z
  .object({ readMs: ms, preprocessMs: ms, inferMs: ms, postprocessMs: ms, totalMs: ms })
  .strict();

export const caseResultSchema = z
  .object({
    caseId: id,
    slices: z.number().int().nonnegative(),
    organs: z.record(id, organMetricsSchema),
    timing: caseTimingSchema,
  })
  .strict();

export const organAggregateSchema = z
  .object({
    n: z.number().int().nonnegative(),
    meanDice: z.number().min(0).max(1),
    meanNsd: z.number().min(0).max(1),
    /** Mean over the cases where hd95 is finite; null when none is. */
    meanHd95: z.number().nonnegative().nullable(),
  })
  .strict();

export const latencyStatsSchema = z
  .object({
    count: z.number().int().nonnegative(),
    durationMs: ms,
    p50: ms,
    p90: ms,
    p99: ms,
    mean: ms,
    std: ms,
    min: ms,
    max: ms,
    verdict: verdictSchema,
    reasons: z.array(shortText).max(20),
  })
  .strict();

export const repeatRuleSchema = z
  .object({
    minRepeats: z.number().int().min(1).max(50),
    maxRepeats: z.number().int().min(1).max(50),
    /** 0.035 = 3.5 %. */
    maxCov: z.number().positive().max(1),
  })
  .strict()
  .refine((r) => r.minRepeats <= r.maxRepeats, {
    message: "minRepeats must not exceed maxRepeats",
    path: ["minRepeats"],
  });

/** Every repeat's SingleStream p50/p90, their medians and the p50's spread under the repeat rule. */
export const repeatStatsSchema = z
  .object({
    p50Ms: z.array(ms).min(1).max(50),
    p90Ms: z.array(ms).min(1).max(50),
    medianP50Ms: ms,
    medianP90Ms: ms,
    /** Coefficient of variation of the repeats' p50: sample standard deviation / mean (0 for one repeat). */
    cov: z.number().nonnegative(),
    /** STABLE when cov ≤ the rule's maxCov; UNSTABLE (with the reason) when maxRepeats did not get there. */
    stability: z.enum(["STABLE", "UNSTABLE"]),
    reason: shortText.nullable(),
  })
  .strict();

export const scenarioSettingsSchema = z
  .object({
    singleStream: z
      .object({ minDurationMs: ms, minQueries: z.number().int().positive(), maxDurationMs: ms })
      .strict(),
    offline: z
      .object({
        batchSize: z.number().int().positive(),
        minQueries: z.number().int().positive(),
        /** Stop issuing batches after this long even short of minQueries; absent: no cap (older agents). */
        maxDurationMs: ms.optional(),
      })
      .strict(),
    warmupQueries: z.number().int().nonnegative(),
    nsdToleranceMm: z.number().positive(),
    maxCases: z.number().int().positive().nullable(),
    /**
     * The repeat rule (Phoronix Test Suite style): repeat the SingleStream measurement until the
     * repeats' p50 has a coefficient of variation at or under maxCov (after at least minRepeats), or
     * maxRepeats are done. Absent in documents of agents that did not repeat.
     */
    repeats: repeatRuleSchema.optional(),
  })
  .strict();

export const timingSchema = z
  .object({
    sessionCreateMs: ms,
    firstInferenceMs: ms,
    singleStream: latencyStatsSchema,
    offline: z
      .object({
        batchSize: z.number().int().positive(),
        images: z.number().int().nonnegative(),
        durationMs: ms,
        imagesPerSecond: z.number().nonnegative(),
        /** True when the scenario's maxDurationMs stopped it short of minQueries images. */
        capped: z.boolean().optional(),
      })
      .strict()
      .nullable(),
    perCase: z.object({ count: z.number().int().nonnegative(), meanMs: ms, p50Ms: ms, maxMs: ms }).strict(),
    /** The repeat rule's series; absent from agents that did not repeat, null when nothing was timed. */
    repeats: repeatStatsSchema.nullable().optional(),
    /**
     * A promptable model's accuracy pass split into its two graphs, summed over all cases: the image
     * encoder once per slice with an organ, the prompt decoder once per box. Absent for other pipelines.
     */
    promptable: z
      .object({
        slicesEncoded: z.number().int().nonnegative(),
        boxesDecoded: z.number().int().nonnegative(),
        encoderMs: ms,
        decoderMs: ms,
        /** encoderMs / slicesEncoded; null when nothing was encoded. */
        encoderMsPerSlice: ms.nullable(),
        /** decoderMs / boxesDecoded; null when nothing was decoded. */
        decoderMsPerBox: ms.nullable(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const throttleSignalSchema = z
  .object({
    /** e.g. "vcgencmd get_throttled", "thermal_throttle counters", "cpufreq". */
    source: z.string().max(200),
    measured: z.boolean(),
    /** null when not measured. */
    observed: z.boolean().nullable(),
    /** The numbers behind it, or why it could not be measured. */
    detail: shortText,
  })
  .strict();

export const energySchema = z
  .object({
    available: z.boolean(),
    /** e.g. "RAPL package-0 (intel-rapl:0)", "INA3221 VDD_IN", "Pi 5 PMIC"; what was tried when unavailable. */
    source: z.string().max(200),
    /** Why not available and how to make it so, e.g. RAPL's energy_uj readable by root only since Linux 5.10. */
    unavailableReason: shortText.nullable(),
    joules: z.number().nonnegative().nullable(),
    perCaseJ: z.number().nonnegative().nullable(),
    perInferenceJ: z.number().nonnegative().nullable(),
  })
  .strict();

export const resourcesSchema = z
  .object({
    wallMs: ms,
    peakRssMb: z.number().nonnegative(),
    cpuUserMs: ms,
    cpuSystemMs: ms,
    /** CPU time over wall time, in cores (2.0 = two cores busy throughout). */
    cpuUtilisation: z.number().nonnegative(),
    temperatureC: z.object({ before: nullableNumber, max: nullableNumber, after: nullableNumber }).strict(),
    frequencyMhz: z
      .object({ before: nullableNumber, min: nullableNumber, max: nullableNumber, after: nullableNumber })
      .strict(),
    throttling: z
      .object({
        /** null where the platform exposes no throttling flags. */
        observed: z.boolean().nullable(),
        source: z.string().max(200),
        flags: z.string().max(40).nullable(),
        /**
         * Each throttling signal the device was checked for (vcgencmd, Jetson, x86 thermal_throttle
         * counters, cpufreq drop): whether it could be measured and what it showed. `observed` above is
         * true when any measured signal saw throttling, false when at least one was measured and none did.
         */
        signals: z.array(throttleSignalSchema).max(10).optional(),
      })
      .strict(),
    /** Energy where a sensor exists; absent from older agents, `available: false` with the reason otherwise. */
    energy: energySchema.optional(),
    /** Resident memory integrated over the run's wall time, GB·s (the FLARE challenges' RAM-time). */
    ramTimeGbS: z.number().nonnegative().nullable().optional(),
  })
  .strict();

export const failureSchema = z
  .object({
    reason: z.enum(["crash", "out-of-memory", "timeout", "error"]),
    message: shortText,
    exitCode: z.number().int().nullable(),
    signal: z.string().max(20).nullable(),
  })
  .strict();

const count = z.number().int().nonnegative();
const unitInterval = z.number().min(0).max(1);
const siteAccuracySchema = z.object({ meanDice: unitInterval, meanNsd: unitInterval }).strict();

/**
 * On-device fine-tuning (constraint 5, user-based fine-tuning; docs/fine-tuning.md): a real training
 * loop of the model's trainable part on a second phantom site, with the site's test split scored before
 * and after. A failed fine-tuning (out of memory, crash, timeout) is a block with `status: "failed"` and
 * its failure; the inference numbers of the same document are unaffected.
 */
export const fineTuningResultSchema = z
  .object({
    status: z.enum(["succeeded", "failed"]),
    failure: failureSchema.nullable(),
    /** e.g. "onnx-backward-graphs/1". */
    mechanism: z.string().max(80),
    trainable: z.object({ part: shortText, parameters: count, frozenParameters: count }).strict(),
    site: z.object({ dataset: z.string().max(200), trainSlices: count, testCases: count }).strict(),
    optimizer: z.object({ name: z.enum(["adam", "sgd"]), learningRate: z.number().positive() }).strict(),
    batchSize: z.number().int().positive(),
    epochs: count,
    steps: count,
    stepMs: z.object({ p50: ms, mean: ms }).strict().nullable(),
    /** Median wall time of one epoch. */
    epochMs: ms.nullable(),
    /** First step where the running validation DSC stops improving (docs/fine-tuning.md defines it). */
    plateau: z.object({ step: count, ms: ms }).strict().nullable(),
    /** Wall time of the whole fine-tuning, the frozen part's forward pass included. */
    totalMs: ms,
    peakRssMb: z.number().nonnegative().nullable(),
    loss: z.object({ first: z.number(), last: z.number() }).strict().nullable(),
    /** The new site's test split, before and after fine-tuning. */
    before: siteAccuracySchema.nullable(),
    after: siteAccuracySchema.nullable(),
  })
  .strict()
  .refine((f) => (f.status === "failed") === (f.failure !== null), {
    message: "fineTuning.failure must be set when the fine-tuning failed and null when it succeeded",
    path: ["failure"],
  });

const resultDocumentObject = z
  .object({
    schemaVersion: z.literal(RESULT_SCHEMA_VERSION),
    /** Idempotency key: lowercase so one id cannot become two rows by letter case. */
    resultId: z.uuid().regex(/^[0-9a-f-]+$/, "use a lowercase uuid"),
    createdAt: z.iso.datetime(),
    agentVersion: z.string().max(40),
    status: z.enum(["succeeded", "failed"]),
    failure: failureSchema.nullable(),
    suite: z
      .object({ id: id, version: z.string().max(40), sha256: sha256 })
      .strict()
      .nullable(),
    model: z
      .object({
        id: id,
        version: z.string().max(40),
        family: z.enum(["target-specific", "foundation"]),
        pipeline: z.enum(["semantic-2d", "promptable-2d", "semantic-3d-patch"]),
        manifestSha256: sha256,
        files: z
          .array(z.object({ role: z.string().max(40), sha256: sha256 }).strict())
          .min(1)
          .max(10),
        fineTuning: z.object({ supported: z.boolean(), notes: shortText }).strict(),
        /**
         * "synthetic": the graphs were skeletons filled on the device from per-tensor statistics
         * (docs/skeletons.md) — timing and memory only, accuracy null. Absent: the model's own weights.
         */
        weights: z.literal("synthetic").optional(),
      })
      .strict(),
    dataset: z
      .object({
        id: id,
        sha256: sha256,
        cases: z.number().int().nonnegative(),
        spacingMm: z.string().max(80),
      })
      .strict(),
    device: deviceInfoSchema,
    runtime: runtimeSettingsSchema,
    scenario: scenarioSettingsSchema,
    accuracy: z
      .object({
        cases: z.array(caseResultSchema).max(5000),
        organs: z.record(id, organAggregateSchema),
        meanDice: z.number().min(0).max(1).nullable(),
        meanNsd: z.number().min(0).max(1).nullable(),
      })
      .strict()
      .nullable(),
    timing: timingSchema.nullable(),
    resources: resourcesSchema.nullable(),
    validity: z.object({ verdict: verdictSchema, reasons: z.array(shortText).max(50) }).strict(),
    /** What the agent sent during the job (src/egress.ts); absent from `bench --json` and older agents. */
    egress: egressSchema.optional(),
    /** On-device fine-tuning; absent: fine-tuning was not measured in this run. */
    fineTuning: fineTuningResultSchema.optional(),
  })
  .strict();

/**
 * The document with its cross-field rules (src/result-checks.ts): a failed run is INVALID and says
 * why, latency percentiles are ordered, aggregates equal the means of the listed cases, no stage
 * outlasts its case, no peak memory beyond the device. JSON Schema cannot say these; every parse does.
 */
export const resultDocumentSchema = resultDocumentObject.superRefine(refineResultDocument, {
  // Only a document whose every field passed is compared across fields: one wrong value, one issue.
  when: (payload) => payload.issues.length === 0,
});

export type ResultDocument = z.infer<typeof resultDocumentObject>;
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;
export type RuntimeSettings = z.infer<typeof runtimeSettingsSchema>;
export type OrganMetrics = z.infer<typeof organMetricsSchema>;
export type CaseResult = z.infer<typeof caseResultSchema>;
export type LatencyStats = z.infer<typeof latencyStatsSchema>;
export type ScenarioSettings = z.infer<typeof scenarioSettingsSchema>;
export type Timing = z.infer<typeof timingSchema>;
export type Resources = z.infer<typeof resourcesSchema>;
export type Failure = z.infer<typeof failureSchema>;
export type RepeatRule = z.infer<typeof repeatRuleSchema>;
export type RepeatStats = z.infer<typeof repeatStatsSchema>;
export type ThrottleSignal = z.infer<typeof throttleSignalSchema>;
export type Energy = z.infer<typeof energySchema>;
export type FineTuningResult = z.infer<typeof fineTuningResultSchema>;
