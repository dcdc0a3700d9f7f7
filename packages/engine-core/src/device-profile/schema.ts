import { z } from "zod";

/** Architectures in Node's process.arch vocabulary. */
export const archSchema = z.enum(["arm", "arm64", "ia32", "x64", "riscv64", "loong64", "ppc64", "s390x"]);

const regexSource = z
  .string()
  .min(1)
  .refine(
    (s) => {
      try {
        new RegExp(s, "i");
        return true;
      } catch {
        return false;
      }
    },
    { message: "not a valid JavaScript regular expression" },
  )
  .describe("Regular expression (JavaScript syntax), matched case-insensitively.");

const hex = z.string().regex(/^0x[0-9a-f]+$/, "expected lowercase hex such as 0xd08");

export const detectionRuleSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .describe("Names the rule in the device's matchedRule."),
    arch: z.array(archSchema).min(1).optional().describe("Any of these architectures."),
    boardModel: regexSource.optional().describe("Device-tree model, DMI product or the cpuinfo Model line."),
    cpuModel: regexSource.optional().describe("CPU name (x86 model name, or the named ARM cores)."),
    cpuImplementer: hex.optional().describe("ARM CPU implementer from /proc/cpuinfo (0x41 = Arm Ltd)."),
    cpuParts: z.array(hex).min(1).optional().describe("Any of these ARM CPU parts is present."),
    cpuFlagsAll: z.array(z.string().min(1)).min(1).optional().describe("All of these CPU flags are present."),
    cpuFlagsNone: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("None of these CPU flags is present."),
    minRamMb: z.number().nonnegative().optional(),
    maxRamMb: z.number().positive().optional(),
    minCores: z.number().int().positive().optional(),
    maxCores: z.number().int().positive().optional(),
  })
  .strict();

const runtimeFields = {
  backend: z.enum(["node", "wasm"]).describe("onnxruntime-node (native) or onnxruntime-web (WASM)."),
  threads: z.number().int().nonnegative().describe("Intra-op threads; 0 lets ONNX Runtime choose."),
  memoryArena: z.boolean().describe("CPU memory arena: faster, but holds its peak allocation until exit."),
  memoryPattern: z.boolean().describe("Pre-plans allocations from the first run's shapes."),
};

export const runtimeRecommendationSchema = z
  .object({
    ...runtimeFields,
    reason: z.string().min(1).max(500).describe("Why these settings suit the class."),
  })
  .strict();

export const runtimeOverrideSchema = z
  .object({
    arch: z.array(archSchema).min(1).describe("Applies when the device's architecture is one of these."),
    backend: runtimeFields.backend.optional(),
    threads: runtimeFields.threads.optional(),
    memoryArena: runtimeFields.memoryArena.optional(),
    memoryPattern: runtimeFields.memoryPattern.optional(),
    reason: z.string().min(1).max(500),
  })
  .strict();

export const deviceProfileSchema = z
  .object({
    $schema: z.string().optional(),
    id: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .describe("Equals the file name without .json."),
    name: z.string().min(1).max(200),
    description: z.string().min(1).max(2000),
    detection: z
      .object({
        fallback: z.boolean().describe("Matched only when no specific class matches."),
        priority: z.number().int().describe("Breaks ties between equally specific matches; higher wins."),
        rules: z.array(detectionRuleSchema).min(1).describe("The class matches when any one rule matches."),
      })
      .strict(),
    budgets: z
      .object({
        memoryMb: z.number().int().positive().describe("Peak resident memory one model run may use."),
        caseTimeSeconds: z.number().positive().describe("End-to-end wall time allowed per case."),
      })
      .strict(),
    runtime: runtimeRecommendationSchema,
    runtimeOverrides: z.array(runtimeOverrideSchema).default([]),
  })
  .strict()
  .describe(
    "An edgeseg device class: how to recognise it, its budgets and its recommended runtime settings.",
  );

export type DetectionRule = z.infer<typeof detectionRuleSchema>;
export type RuntimeRecommendation = z.infer<typeof runtimeRecommendationSchema>;
export type DeviceProfile = z.infer<typeof deviceProfileSchema>;
