import { z } from "zod";

const finite = z.number().finite();

/** Statistics of one stripped initializer: enough to fill it with values of the same magnitude. */
export const tensorStatsSchema = z
  .object({
    name: z.string(),
    /** TensorProto.DataType (1 float, 2 uint8, 3 int8, 10 float16, 11 double, 16 bfloat16). */
    dtype: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(10), z.literal(11), z.literal(16)]),
    /** Number of elements (the product of the tensor's dims). */
    count: z.number().int().positive(),
    /** Over the finite values of the original tensor (NaN and ±Inf are not counted). */
    mean: finite,
    std: finite.nonnegative(),
    min: finite,
    max: finite,
  })
  .strict()
  .refine((t) => t.min <= t.mean && t.mean <= t.max, { message: "mean must lie within [min, max]" });

/**
 * A skeleton's statistics, kept as JSON in the model's metadata_props under `edgeseg.skeleton`.
 * `fill` names the generator: "uniform-moments" draws each value uniformly from
 * [mean − √3·std, mean + √3·std] (the uniform law with the tensor's mean and standard deviation),
 * clamped to [min, max], with mulberry32 seeded per tensor from `seed` and the tensor's index.
 */
export const skeletonMetaSchema = z
  .object({
    format: z.literal("edgeseg-skeleton"),
    version: z.literal(1),
    fill: z.literal("uniform-moments"),
    seed: z.number().int().nonnegative().max(0xffffffff),
    /** The model the skeleton was stripped from: links the skeleton to a later full manifest. */
    source: z
      .object({
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        bytes: z.number().int().nonnegative(),
      })
      .strict(),
    tensors: z.array(tensorStatsSchema),
  })
  .strict();

export type TensorStats = z.infer<typeof tensorStatsSchema>;
export type SkeletonMeta = z.infer<typeof skeletonMetaSchema>;
