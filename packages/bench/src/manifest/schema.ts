import { z } from "zod";

/**
 * Model manifest: everything the engine needs to run a model the way it was trained, and everything a
 * leaderboard needs to say what the model is. One JSON file next to the ONNX file(s).
 */
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "expected a lowercase hex sha256 (64 characters)");
const dim = z.union([z.number().int().positive(), z.string().min(1).max(40)]);

export const elementTypeSchema = z.enum(["float32", "float16", "int64", "int32", "uint8", "bool"]);

export const tensorSpecSchema = z
  .object({
    name: z.string().min(1),
    /** Positive integers are fixed sizes; strings name symbolic dimensions (e.g. "batch"). */
    shape: z.array(dim).min(1).max(8),
    elementType: elementTypeSchema,
  })
  .strict();

export const graphSpecSchema = z
  .object({
    /** Path relative to the manifest file. */
    file: z.string().min(1),
    sha256: sha256,
    inputs: z.array(tensorSpecSchema).min(1),
    outputs: z.array(tensorSpecSchema).min(1),
  })
  .strict();

export const intensitySchema = z.discriminatedUnion("kind", [
  /** CT windowing: clip to [level - width/2, level + width/2], then scale to [0, 1]. */
  z.object({ kind: z.literal("ct-window"), level: z.number(), width: z.number().positive() }).strict(),
  /** z-score with fixed statistics (nnU-Net's CT normalisation) or per-image when omitted. */
  z
    .object({
      kind: z.literal("z-score"),
      mean: z.number().optional(),
      std: z.number().positive().optional(),
    })
    .strict(),
]);

export const preprocessingSchema = z
  .object({
    intensity: intensitySchema,
    /** Model input size [height, width]; slices are resized (bilinear) to it. */
    resize: z.tuple([z.number().int().positive(), z.number().int().positive()]),
    /** Channels the model expects; a grey slice is replicated into each (SAM-style RGB inputs). */
    channels: z.number().int().positive().default(1),
    /** Affine map applied after the intensity step: x * scale + offset (e.g. to [0, 255]). */
    scale: z.number().default(1),
    offset: z.number().default(0),
  })
  .strict();

export const fineTuningSchema = z
  .object({
    supported: z.boolean(),
    notes: z.string().max(2000).default(""),
  })
  .strict();

const common = {
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "use lowercase letters, digits, '.', '_' and '-'"),
  version: z.string().min(1).max(40),
  name: z.string().min(1).max(200),
  description: z.string().max(4000).default(""),
  family: z.enum(["target-specific", "foundation"]),
  /** Label value in the model's output → canonical organ name (0 is background and omitted). */
  labels: z.record(z.string().regex(/^[0-9]+$/), z.string().min(1)),
  preprocessing: preprocessingSchema,
  trained: z.boolean(),
  intendedUse: z.string().max(2000),
  license: z.string().min(1).max(200),
  source: z.string().min(1).max(2000),
  fineTuning: fineTuningSchema,
};

export const semantic2dManifestSchema = z
  .object({
    ...common,
    pipeline: z.literal("semantic-2d"),
    /** One graph: image [N, C, H, W] → per-class logits [N, K, H, W]. */
    graphs: z.object({ model: graphSpecSchema }).strict(),
    /** Largest batch the graph accepts (1 for a fixed batch dimension). */
    maxBatch: z.number().int().positive().default(1),
  })
  .strict();

export const promptable2dManifestSchema = z
  .object({
    ...common,
    pipeline: z.literal("promptable-2d"),
    /** Image encoder run once per slice, prompt decoder once per box (SAM / LiteMedSAM shape). */
    graphs: z.object({ encoder: graphSpecSchema, decoder: graphSpecSchema }).strict(),
    prompt: z
      .object({
        /** Pixels of random box enlargement per side (0 = tight box), drawn with a fixed seed. */
        jitterPx: z.number().int().nonnegative().default(0),
        seed: z.number().int().nonnegative().default(2024),
        /** Decoder output logits above this threshold are foreground. */
        maskThreshold: z.number().default(0),
      })
      .strict(),
    maxBatch: z.number().int().positive().default(1),
  })
  .strict();

/** Reserved: 3D patch-based networks (nnU-Net 3d_fullres) — recognised, refused by this engine version. */
export const semantic3dPatchManifestSchema = z
  .object({
    ...common,
    pipeline: z.literal("semantic-3d-patch"),
    graphs: z.object({ model: graphSpecSchema }),
  })
  .strict();

export const modelManifestSchema = z.discriminatedUnion("pipeline", [
  semantic2dManifestSchema,
  promptable2dManifestSchema,
  semantic3dPatchManifestSchema,
]);

export type ModelManifest = z.infer<typeof modelManifestSchema>;
export type Semantic2dManifest = z.infer<typeof semantic2dManifestSchema>;
export type Promptable2dManifest = z.infer<typeof promptable2dManifestSchema>;
export type GraphSpec = z.infer<typeof graphSpecSchema>;
export type TensorSpec = z.infer<typeof tensorSpecSchema>;
export type Preprocessing = z.infer<typeof preprocessingSchema>;
