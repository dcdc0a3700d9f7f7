import { z } from "zod";

const relPath = z.string().min(1).max(4096);
const labelName = z.string().min(1).max(200);

/**
 * Medical Segmentation Decathlon dataset.json (also nnU-Net v1): labels value → name, explicit
 * training pairs; test entries are bare image paths in the MSD release (its test labels are withheld)
 * or {image, label} pairs in datasets that publish them. Unknown keys are allowed.
 */
export const msdDatasetJson = z.looseObject({
  name: z.string().max(200).optional(),
  modality: z.record(z.string(), z.string()).optional(),
  labels: z
    .record(z.string(), labelName)
    .refine((labels) => Object.keys(labels).every((k) => /^\d+$/.test(k)), {
      error:
        'MSD labels map values to names ({"0": "background", "1": "liver"}); the name → value form is ' +
        "nnU-Net v2's, which also needs channel_names and file_ending",
    }),
  training: z.array(z.object({ image: relPath, label: relPath })),
  test: z.array(z.union([relPath, z.object({ image: relPath, label: relPath.optional() })])).default([]),
});

/**
 * nnU-Net v2 dataset.json: labels name → value (a list of values is a region, which edgeseg does not
 * score), channel_names, file_ending; cases are found from the file names in imagesTr/imagesTs.
 */
export const nnunetDatasetJson = z.looseObject({
  name: z.string().max(200).optional(),
  channel_names: z.record(z.string(), z.string()),
  labels: z.record(
    labelName,
    z.union([z.number().int().nonnegative(), z.array(z.number().int().nonnegative())]),
  ),
  numTraining: z.number().int().nonnegative().optional(),
  file_ending: z.string().regex(/^\.[\w.]+$/, 'expected a file extension such as ".nii.gz"'),
});

export type MsdDatasetJson = z.infer<typeof msdDatasetJson>;
export type NnunetDatasetJson = z.infer<typeof nnunetDatasetJson>;
