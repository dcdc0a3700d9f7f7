import type { NiftiWriteInput, VoxelArray } from "./types.ts";

/**
 * Volumes that fixtures/nifti/write_fixtures.ts writes with writeNifti and make_fixtures.py reads
 * back with nibabel (answers in edgeseg-written.json); the writer tests compare the two.
 */
function ramp<T extends VoxelArray>(out: T, lo: number, hi: number): T {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = Math.round(lo + ((hi - lo) * i) / (n - 1));
  return out;
}

const oblique = (deg: number): number[][] => {
  const t = (deg * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  return [
    [0.8 * c, -0.9 * s, 0, -12.5],
    [0.8 * s, 0.9 * c, 0, 40.25],
    [0, 0, -3, 7],
    [0, 0, 0, 1],
  ];
};

const lps = [
  [-0.75, 0, 0, 90],
  [0, -0.75, 0, 120],
  [0, 0, 2.5, -40],
  [0, 0, 0, 1],
];

const N = 5 * 4 * 3;
const base = { dims: [5, 4, 3], spacing: [0.75, 0.75, 2.5] } as const;

export const writtenCases: Record<string, NiftiWriteInput> = {
  "uint8_default.nii": { ...base, voxelType: "uint8", data: ramp(new Uint8Array(N), 0, 255) },
  "int8_lps.nii.gz": { ...base, voxelType: "int8", data: ramp(new Int8Array(N), -128, 127), affine: lps },
  "int16_oblique.nii.gz": {
    dims: [5, 4, 3],
    spacing: [0.8, 0.9, 3],
    voxelType: "int16",
    data: ramp(new Int16Array(N), -32768, 32767),
    affine: oblique(30),
    description: "edgeseg oblique fixture",
  },
  "uint16_lps.nii": { ...base, voxelType: "uint16", data: ramp(new Uint16Array(N), 0, 65535), affine: lps },
  "int32_scaled.nii.gz": {
    ...base,
    voxelType: "int32",
    data: ramp(new Int32Array(N), -2147483648, 2147483647),
    slope: 0.25,
    inter: -3,
    affine: lps,
  },
  "uint32_lps.nii": {
    ...base,
    voxelType: "uint32",
    data: ramp(new Uint32Array(N), 0, 4294967295),
    affine: lps,
  },
  "float32_scaled.nii": {
    ...base,
    voxelType: "float32",
    data: new Float32Array(N).map((_, i) => (i - 30) * 1.1),
    slope: 2,
    inter: 0.5,
    affine: lps,
  },
  "float64_oblique.nii.gz": {
    dims: [5, 4, 3],
    spacing: [0.8, 0.9, 3],
    voxelType: "float64",
    data: new Float64Array(N).map((_, i) => Math.sqrt(i) * 1e10),
    affine: oblique(-65),
  },
};
