import { z } from "zod";

/**
 * Model manifest: everything the engine needs to run a model the way it was trained, and everything a
 * leaderboard needs to say what the model is. One JSON file next to the ONNX file(s).
 */
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "expected a lowercase hex sha256 (64 characters)");
const dim = z.union([z.number().int().positive(), z.string().min(1).max(40)]);

/**
 * Bounds that keep one batch's input tensor (maxBatch × channels × H × W float32) within what a
 * clinic device can hold: each factor is bounded, and so is their product (MAX_BATCH_INPUT_BYTES;
 * a batch of 64 single-channel 512 × 512 slices is 64 MiB, one MedSAM ViT-B input 12 MiB). The engine
 * allocates that tensor before the first run, so an unbounded value is a memory blow-up, not a slow
 * run (`maxBatch: 1e9` validated once and grew the run to 3.4 GB).
 */
export const MAX_BATCH_INPUT_BYTES = 256 * 2 ** 20;
export const MAX_BATCH = 64;
export const MAX_INPUT_SIDE = 4096;
export const MAX_CHANNELS = 16;
const side = z
  .number()
  .int()
  .positive()
  .max(MAX_INPUT_SIDE, `at most ${MAX_INPUT_SIDE} pixels (MedSAM's ViT-B input is 1024)`);
const maxBatch = z
  .number()
  .int()
  .positive()
  .max(
    MAX_BATCH,
    `at most ${MAX_BATCH}: a batch's input tensor is allocated whole, and larger batches gain no throughput on a CPU`,
  )
  .default(1);

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

/**
 * LiteMedSAM's per-slice normalisation (CVPR24_LiteMedSAM_infer.py, bowang-lab/MedSAM branch
 * LiteMedSAM): after the resize, `(x - min) / max(max - min, 1e-8)` over the slice, so every slice
 * spans [0, 1]. `window` clips to a CT window first (MedSAM's pre_CT_MR.py windows raw HU before the
 * images are stored); without it the slice's own range is used. 2D pipelines only.
 */
export const minMaxSchema = z
  .object({
    kind: z.literal("min-max"),
    window: z.object({ level: z.number(), width: z.number().positive() }).strict().optional(),
  })
  .strict();

export const preprocessingSchema = z
  .object({
    intensity: z.discriminatedUnion("kind", [...intensitySchema.options, minMaxSchema]),
    /** Model input size [height, width]; slices are resized (bilinear) to it. */
    resize: z.tuple([side, side]),
    /** Channels the model expects; a grey slice is replicated into each (SAM-style RGB inputs). */
    channels: z
      .number()
      .int()
      .positive()
      .max(MAX_CHANNELS, `at most ${MAX_CHANNELS} (a grey slice is replicated into each)`)
      .default(1),
    /** Affine map applied after the intensity step: x * scale + offset (e.g. to [0, 255]). */
    scale: z.number().default(1),
    offset: z.number().default(0),
  })
  .strict();

/**
 * Whether and how the model is fine-tuned on the device (docs/fine-tuning.md). `trainableFrom` names the
 * tensors where the trainable part starts (everything before them is frozen and run forward once per
 * sample; @edgeseg/finetune splitModel); for a promptable model they are tensors of the decoder graph.
 * `loss` is the training objective of that part. Both are required when `supported` is true: a claim of
 * on-device fine-tuning is measured, and the measurement needs the cut and the loss.
 */
export const fineTuningSchema = z
  .object({
    supported: z.boolean(),
    notes: z.string().max(2000).default(""),
    trainableFrom: z.array(z.string().min(1).max(400)).min(1).max(16).optional(),
    loss: z.enum(["softmax-cross-entropy", "sigmoid-bce-dice"]).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (!f.supported) return;
    for (const key of ["trainableFrom", "loss"] as const)
      if (f[key] === undefined)
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `required when supported is true: ${key === "loss" ? 'the training loss ("softmax-cross-entropy" or "sigmoid-bce-dice")' : "the tensor names where the trainable part starts"} (docs/fine-tuning.md)`,
        });
  });

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
    maxBatch,
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
    maxBatch,
  })
  .strict();

/**
 * nnU-Net's CTNormalization (nnunetv2/preprocessing/normalization/default_normalization_schemes.py):
 * clip to the 0.5 and 99.5 percentiles of the training set's foreground intensities, then z-score with
 * that foreground's mean and std — the four numbers of the plans' foreground_intensity_properties_per_channel
 * (percentile_00_5, percentile_99_5, mean, std).
 */
export const ctClipZScoreSchema = z
  .object({
    kind: z.literal("ct-clip-z-score"),
    lower: z.number(),
    upper: z.number(),
    mean: z.number(),
    std: z.number().positive(),
  })
  .strict()
  .refine((v) => v.lower < v.upper, {
    message: "lower (percentile_00_5) must be below upper (percentile_99_5)",
    path: ["upper"],
  });

export const MAX_PATCH_SIDE = 512;
const patchSide = z
  .number()
  .int()
  .positive()
  .max(MAX_PATCH_SIDE, `at most ${MAX_PATCH_SIDE} voxels (nnU-Net 3d_fullres patches are 64–192)`);
const spacingMm = z.number().positive().max(100, "a voxel spacing in millimetres, at most 100");

export const preprocessing3dSchema = z
  .object({
    intensity: z.union([intensitySchema, ctClipZScoreSchema]),
    /** Channels the model expects; the grey volume is replicated into each. */
    channels: z
      .number()
      .int()
      .positive()
      .max(MAX_CHANNELS, `at most ${MAX_CHANNELS} (a grey volume is replicated into each)`)
      .default(1),
    /** Affine map applied after the intensity step: x * scale + offset. */
    scale: z.number().default(1),
    offset: z.number().default(0),
  })
  .strict();

/**
 * Sliding-window settings, in nnU-Net's array order [z, y, x] (the NIfTI's stored order k, j, i, as
 * nnU-Net's SimpleITKIO reads it): patch_size and spacing of the plans' 3d_fullres configuration.
 */
export const slidingWindowSchema = z
  .object({
    patchSize: z.tuple([patchSide, patchSide, patchSide]),
    /** Voxel spacing (mm) the model was trained at; the volume is resampled to it and back. */
    spacing: z.tuple([spacingMm, spacingMm, spacingMm]),
    /** Step between tiles as a fraction of the patch (nnU-Net tile_step_size, default 0.5). */
    stepSize: z.number().gt(0).max(1).default(0.5),
    /** Test-time mirroring over all three axes (nnU-Net use_mirroring); 8× the inference. */
    mirroring: z.boolean().default(false),
  })
  .strict();

/**
 * 3D patch-based networks (nnU-Net 3d_fullres): one graph image [N, C, Z, Y, X] → logits
 * [N, K, Z, Y, X] at the patch size, run as nnU-Net's sliding window (pipeline/patch3d).
 */
export const semantic3dPatchManifestSchema = z
  .object({
    ...common,
    pipeline: z.literal("semantic-3d-patch"),
    preprocessing: preprocessing3dSchema,
    slidingWindow: slidingWindowSchema,
    graphs: z.object({ model: graphSpecSchema }).strict(),
    /** Patches per run (1 for a fixed batch dimension). */
    maxBatch,
  })
  .strict();

export const modelManifestSchema = z
  .discriminatedUnion("pipeline", [
    semantic2dManifestSchema,
    promptable2dManifestSchema,
    semantic3dPatchManifestSchema,
  ])
  .superRefine((m, ctx) => {
    const dims = m.pipeline === "semantic-3d-patch" ? m.slidingWindow.patchSize : m.preprocessing.resize;
    const item = dims.reduce((a, b) => a * b, m.preprocessing.channels);
    const bytes = m.maxBatch * item * Float32Array.BYTES_PER_ELEMENT;
    if (bytes > MAX_BATCH_INPUT_BYTES) {
      ctx.addIssue({
        code: "custom",
        path: ["maxBatch"],
        message:
          `one batch's input would be ${m.maxBatch} × ${m.preprocessing.channels} × ${dims.join(" × ")} float32 = ` +
          `${(bytes / 2 ** 20).toFixed(0)} MiB, over the ${MAX_BATCH_INPUT_BYTES / 2 ** 20} MiB a device is asked to hold: lower maxBatch`,
      });
    }
  });

export type ModelManifest = z.infer<typeof modelManifestSchema>;
export type Semantic2dManifest = z.infer<typeof semantic2dManifestSchema>;
export type Promptable2dManifest = z.infer<typeof promptable2dManifestSchema>;
export type Semantic3dPatchManifest = z.infer<typeof semantic3dPatchManifestSchema>;
export type Preprocessing3d = z.infer<typeof preprocessing3dSchema>;
export type SlidingWindow = z.infer<typeof slidingWindowSchema>;
export type GraphSpec = z.infer<typeof graphSpecSchema>;
export type TensorSpec = z.infer<typeof tensorSpecSchema>;
export type Preprocessing = z.infer<typeof preprocessingSchema>;
